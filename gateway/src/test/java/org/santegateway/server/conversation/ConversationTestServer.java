package org.santegateway.server.conversation;

import java.nio.file.Path;
import java.time.Clock;

import org.apache.james.GuiceJamesServer;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.santegateway.server.GatewayServer;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.pki.DevelopmentPki;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.SmtpPortsProbe;

import com.google.inject.multibindings.Multibinder;

/**
 * The real assembly as {@link GatewayTestServer} starts it (a test copy of {@code config/}), with
 * the {@link ConversationProbe} added for the tests of this package.
 */
final class ConversationTestServer implements AutoCloseable {
    private final GatewaySettings settings;
    private GuiceJamesServer server;

    private ConversationTestServer(GatewaySettings settings) {
        this.settings = settings;
    }

    static ConversationTestServer prepare(Path root) {
        GatewayTestServer.copyConfiguration(root.resolve("config"), GatewayTestServer.freePort(), false);
        return new ConversationTestServer(new GatewaySettings(root.resolve("config"), root.resolve("data")));
    }

    ConversationTestServer start() throws Exception {
        GatewayServer.prepare(settings, Clock.systemUTC());
        server = GatewayServer.create(settings).combineWith(binder -> {
            Multibinder<GuiceProbe> probes = Multibinder.newSetBinder(binder, GuiceProbe.class);
            probes.addBinding().to(SmtpPortsProbe.class);
            probes.addBinding().to(ConversationProbe.class);
        });
        server.start();
        return this;
    }

    ConversationTestServer restart() throws Exception {
        close();
        return start();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    GatewaySettings settings() {
        return settings;
    }

    DataProbeImpl data() {
        return server.getProbe(DataProbeImpl.class);
    }

    ConversationProbe conversations() {
        return server.getProbe(ConversationProbe.class);
    }

    int submissionPort() {
        return server.getProbe(SmtpPortsProbe.class).port(1);
    }

    int imapsPort() {
        return server.getProbe(ImapGuiceProbe.class).getImapSSLPort();
    }

    int webAdminPort() {
        return server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
    }

    Path testCaCertificate() {
        return settings.certsDirectory().resolve(DevelopmentPki.CA_CERTIFICATE_FILE);
    }
}
