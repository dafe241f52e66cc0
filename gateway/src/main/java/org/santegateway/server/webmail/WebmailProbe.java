package org.santegateway.server.webmail;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;

/** The webmail's bound port, for tests (the test configuration asks for an ephemeral port). */
public class WebmailProbe implements GuiceProbe {
    private final WebmailServer server;

    @Inject
    public WebmailProbe(WebmailServer server) {
        this.server = server;
    }

    public int port() {
        return server.port();
    }
}
