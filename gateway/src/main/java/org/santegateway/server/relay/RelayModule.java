package org.santegateway.server.relay;

import com.google.inject.AbstractModule;

/**
 * Sets up remote delivery's connections at startup: their TLS client ({@link OperatorTlsClient}) and how many of them
 * go to one server at a time ({@link RelayConnections}).
 */
public class RelayModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(OperatorTlsClient.class).asEagerSingleton();
        bind(RelayConnections.class).asEagerSingleton();
    }
}
