package org.santegateway.server.fhir;

import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.santegateway.server.settings.GatewayProperties;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;

/** The HTTPS listener of certified applications ({@link ApplicationsHttpsServer}), with its settings. */
public class FhirModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ApplicationsHttpsServer.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    ApplicationsHttpsSettings provideSettings(GatewayProperties properties) {
        return ApplicationsHttpsSettings.from(properties);
    }

    @ProvidesIntoSet
    InitializationOperation startApplicationsHttps(ApplicationsHttpsServer server) {
        return InitilizationOperationBuilder
            .forClass(ApplicationsHttpsServer.class)
            .init(server::start);
    }
}
