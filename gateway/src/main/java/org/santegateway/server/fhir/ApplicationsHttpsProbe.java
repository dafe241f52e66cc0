package org.santegateway.server.fhir;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;

/** The applications' HTTPS port, for tests (the test configuration asks for an ephemeral port). */
public class ApplicationsHttpsProbe implements GuiceProbe {
    private final ApplicationsHttpsServer server;

    @Inject
    public ApplicationsHttpsProbe(ApplicationsHttpsServer server) {
        this.server = server;
    }

    public int port() {
        return server.port();
    }
}
