package org.santegateway.server.relay;

import javax.inject.Singleton;

import org.apache.james.dnsservice.api.DNSService;
import org.santegateway.server.settings.GatewayProperties;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/** Overrides James's DNS binding with {@link RoutedDnsService} (static relay routes). */
public class RelayRoutesModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(DNSService.class).to(RoutedDnsService.class);
    }

    @Provides
    @Singleton
    RelayRoutes provideRoutes(GatewayProperties properties) {
        return RelayRoutes.from(properties);
    }
}
