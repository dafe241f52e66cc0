package org.santegateway.server.relay;

import com.google.inject.AbstractModule;

/** Sets up the TLS client of remote delivery at startup (see {@link OperatorTlsClient}). */
public class RelayModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(OperatorTlsClient.class).asEagerSingleton();
    }
}
