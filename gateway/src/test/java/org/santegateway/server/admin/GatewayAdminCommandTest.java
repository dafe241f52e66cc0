package org.santegateway.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.GatewayServer;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.testing.GatewayTestServer;

/**
 * What an admin sees when {@code ./gateway-admin} is run where there is no gateway: on a directory no gateway has
 * started on (the data directory not given), or while the gateway is stopped. One line saying what is missing and
 * what to do, exit status 1, instead of a Java stack trace.
 */
class GatewayAdminCommandTest {
    @TempDir
    Path root;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aDataDirectoryNoGatewayStartedOnShouldBeNamedWithTheVariablesToSet() throws Exception {
        GatewaySettings settings = new GatewaySettings(root.resolve("config"), root.resolve("data"));
        GatewayTestServer.copyConfiguration(settings.configDirectory(), GatewayTestServer.freePort(), true);

        for (String[] command : new String[][] {{"cli", "ListDomains"}, {"registry", "list"}, {"token"}, {"audit-verify"},
            {"spaces", "list"}, {"psc-bindings", "810004444444"}}) {
            out.reset();
            err.reset();

            assertThat(run(command, settings)).as(command[0]).isEqualTo(1);

            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .startsWith("gateway-admin " + command[0] + ": no gateway in " + settings.dataDirectory())
                .contains("GATEWAY_DATA_DIR=")
                .doesNotContain("Exception")
                .doesNotContain("\n");
        }
    }

    @Test
    void theCommandRepeatedInTheHintShouldReadBackAsTyped() {
        assertThat(GatewayAdmin.shellWord("dr.martin@hopital-exemple.fr")).isEqualTo("dr.martin@hopital-exemple.fr");
        assertThat(GatewayAdmin.shellWord("displayName=Dr Martin")).isEqualTo("'displayName=Dr Martin'");
        assertThat(GatewayAdmin.shellWord("displayName=L'Hôpital")).isEqualTo("'displayName=L'\\''Hôpital'");
    }

    @Test
    void aStoppedGatewayShouldBeSaidNotToAnswer() throws Exception {
        GatewaySettings settings = new GatewaySettings(root.resolve("config"), root.resolve("data"));
        GatewayTestServer.copyConfiguration(settings.configDirectory(), GatewayTestServer.freePort(), true);
        GatewayServer.prepare(settings, Clock.systemUTC());

        assertThat(run(new String[] {"registry", "list"}, settings)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("registry: the gateway's WebAdmin does not answer at 127.0.0.1:")
            .doesNotContain("Exception");

        err.reset();
        assertThat(run(new String[] {"cli", "ListDomains"}, settings)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("cli: the gateway's JMX does not answer at 127.0.0.1:")
            .doesNotContain("Exception");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private int run(String[] command, GatewaySettings settings) throws Exception {
        return GatewayAdmin.run(command, settings, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
