package org.santegateway.server.relay;

import org.apache.james.dnsservice.api.DNSService;

import com.google.inject.AbstractModule;

/** Overrides James's DNS binding with {@link RoutedDnsService} (static relay routes). */
public class RelayRoutesModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(DNSService.class).to(RoutedDnsService.class);
    }
}
