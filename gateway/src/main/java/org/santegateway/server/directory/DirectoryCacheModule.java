package org.santegateway.server.directory;

import javax.inject.Singleton;

import org.santegateway.server.settings.GatewayProperties;


import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/** {@link DirectoryCacheSettings} from {@code gateway.properties}. */
public class DirectoryCacheModule extends AbstractModule {
    @Provides
    @Singleton
    DirectoryCacheSettings provideSettings(GatewayProperties properties) {
        return DirectoryCacheSettings.from(properties);
    }
}
