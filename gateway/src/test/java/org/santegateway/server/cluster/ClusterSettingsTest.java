package org.santegateway.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.startup.StartupFailure;

class ClusterSettingsTest {
    static final GatewayProperties NODE_1 = GatewayProperties.of(Map.of("node.id", "node-1"));

    @TempDir
    Path root;
    GatewaySettings settings;

    @BeforeEach
    void setUp() throws IOException {
        settings = new GatewaySettings(Files.createDirectories(root.resolve("config")), root.resolve("data"));
    }

    void write(String content) throws IOException {
        Files.writeString(settings.file(ClusterSettings.FILE), content, StandardCharsets.UTF_8);
    }

    @Test
    void selectedShouldBeFalseWithoutRabbitmqProperties() {
        assertThat(ClusterSettings.selected(settings)).isFalse();
    }

    @Test
    void fromShouldReadTheBrokerAndTheNodeId() throws IOException {
        write("uri=amqp://mq.example.org:5672\nuser=gateway\npassword=secret\n");

        ClusterSettings cluster = ClusterSettings.from(settings, NODE_1);

        assertThat(ClusterSettings.selected(settings)).isTrue();
        assertThat(cluster.uri()).hasToString("amqp://mq.example.org:5672");
        assertThat(cluster.user()).isEqualTo("gateway");
        assertThat(cluster.password()).isEqualTo("secret");
        assertThat(cluster.nodeId()).isEqualTo("node-1");
        assertThat(cluster.toString()).doesNotContain("secret");
    }

    @Test
    void fromShouldRefuseAnUnknownKey() throws IOException {
        write("uri=amqp://mq.example.org\nuser=gateway\npassword=secret\nmanagement.uri=http://mq.example.org:15672\n");

        assertThatThrownBy(() -> ClusterSettings.from(settings, NODE_1))
            .isInstanceOf(StartupFailure.class)
            .hasMessageContaining("rabbitmq.properties: management.uri: unknown setting");
    }

    @Test
    void fromShouldRequireThePassword() throws IOException {
        write("uri=amqp://mq.example.org\nuser=gateway\n");

        assertThatThrownBy(() -> ClusterSettings.from(settings, NODE_1))
            .isInstanceOf(StartupFailure.class)
            .hasMessageContaining("rabbitmq.properties: password: required");
    }

    @Test
    void fromShouldRefuseCredentialsInTheUri() throws IOException {
        write("uri=amqp://gateway:secret@mq.example.org\nuser=gateway\npassword=secret\n");

        assertThatThrownBy(() -> ClusterSettings.from(settings, NODE_1))
            .isInstanceOf(StartupFailure.class)
            .hasMessageContaining("rabbitmq.properties: uri: give the credentials in user and password");
    }

    @Test
    void fromShouldRefuseAmqpsWhoseClientWouldTrustAnyCertificate() throws IOException {
        write("uri=amqps://mq.example.org\nuser=gateway\npassword=secret\n");

        assertThatThrownBy(() -> ClusterSettings.from(settings, NODE_1))
            .isInstanceOf(StartupFailure.class)
            .hasMessageContaining("rabbitmq.properties: uri: amqps:// is not supported");
    }

    @Test
    void fromShouldRequireANodeId() throws IOException {
        write("uri=amqp://mq.example.org\nuser=gateway\npassword=secret\n");

        assertThatThrownBy(() -> ClusterSettings.from(settings, GatewayProperties.none()))
            .isInstanceOf(StartupFailure.class)
            .hasMessageContaining("gateway.properties: node.id: required when rabbitmq.properties is present");
    }

    @Test
    void fromShouldRefuseANodeIdThatCannotNameAQueue() throws IOException {
        write("uri=amqp://mq.example.org\nuser=gateway\npassword=secret\n");

        assertThatThrownBy(() -> ClusterSettings.from(settings, GatewayProperties.of(Map.of("node.id", "Node 1"))))
            .isInstanceOf(StartupFailure.class)
            .hasMessageContaining("gateway.properties: node.id: lower-case letters");
    }
}
