package org.santegateway.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test harness itself: a JMX port taken by another process between the choice of the port and
 * the start does not fail the test class (seen on CI, where the failed start then left James's
 * management beans behind and every later server of the JVM failed too).
 */
class GatewayTestServerTest {
    @TempDir
    Path root;

    @Test
    void startShouldChooseAnotherJmxPortWhenItsPortWasTaken() throws Exception {
        GatewayTestServer gateway = GatewayTestServer.prepare(root);
        int taken = gateway.jmxPort();
        try (ServerSocket squatter = new ServerSocket(taken, 1, InetAddress.getLoopbackAddress());
             GatewayTestServer started = gateway.start()) {
            assertThat(started.jmxPort()).isNotEqualTo(taken);
            assertThat(started.data().listDomains()).isNotNull();
        }
    }

    @Test
    void reassignFixedPortsShouldChangeOnlyThePorts() throws Exception {
        Path config = root.resolve("config");
        GatewayTestServer.copyConfiguration(config, GatewayTestServer.freePort(), true);
        java.nio.file.Files.writeString(config.resolve("gateway.properties"), "\ntrust.local.test=peer.test CN=peer\n",
            java.nio.file.StandardOpenOption.APPEND);
        org.santegateway.server.GatewaySettings settings = new org.santegateway.server.GatewaySettings(config, root.resolve("data"));
        int submission = GatewayProcess.bindPort(settings, "smtpserver.xml", 1);
        String gatewayProperties = java.nio.file.Files.readString(config.resolve("gateway.properties"));

        GatewayTestServer.reassignFixedPorts(config);

        assertThat(GatewayProcess.bindPort(settings, "smtpserver.xml", 1)).isNotEqualTo(submission).isPositive();
        String after = java.nio.file.Files.readString(config.resolve("gateway.properties"));
        assertThat(after).contains("trust.local.test=peer.test CN=peer").isNotEqualTo(gatewayProperties);
        String ports = "(?m)^(webmail|applications\\.https)\\.port=.*$";
        assertThat(after.replaceAll(ports, "")).isEqualTo(gatewayProperties.replaceAll(ports, ""));
    }
}
