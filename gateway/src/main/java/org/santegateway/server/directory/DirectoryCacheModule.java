package org.santegateway.server.directory;

import java.io.FileNotFoundException;

import javax.inject.Singleton;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/** {@link DirectoryCacheSettings} from {@code gateway.properties}. */
public class DirectoryCacheModule extends AbstractModule {
    @Provides
    @Singleton
    DirectoryCacheSettings provideSettings(PropertiesProvider propertiesProvider) throws ConfigurationException {
        try {
            return DirectoryCacheSettings.from(propertiesProvider.getConfiguration("gateway"));
        } catch (FileNotFoundException e) {
            return DirectoryCacheSettings.from(new BaseConfiguration());
        }
    }
}
