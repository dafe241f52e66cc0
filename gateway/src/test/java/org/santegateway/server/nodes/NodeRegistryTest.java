package org.santegateway.server.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.santegateway.dmp.MasterKey;
import org.santegateway.server.persistence.DatabaseConfiguration;
import org.santegateway.server.persistence.ManagedEntityManagerFactory;
import org.santegateway.server.settings.NodeIdentity;
import org.santegateway.server.startup.StartupFailure;
import org.santegateway.server.testing.PostgresServer;

import com.google.common.collect.ImmutableMap;

/** Nodes starting on one PostgreSQL database: the keys they must share, checked at start, and the node list. */
class NodeRegistryTest {
    private static final Optional<NodeRegistry.EventBus> RABBITMQ = Optional.of(NodeRegistry.EventBus.RABBITMQ);
    private static final Optional<NodeRegistry.EventBus> IN_VM = Optional.of(NodeRegistry.EventBus.IN_VM);
    private static final byte[] AUDIT_KEY = "0123456789abcdef0123456789abcdef".getBytes();
    private static final byte[] OTHER_AUDIT_KEY = "fedcba9876543210fedcba9876543210".getBytes();

    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void nodesHoldingTheSameKeysShouldStartAndBeListed() throws Exception {
        try (Database database = Database.create("same_keys")) {
            MasterKey masterKey = MasterKey.generate();

            database.node("gw-1", masterKey, AUDIT_KEY, at("2026-12-01T08:00:00Z")).start();
            database.node("gw-2", masterKey, AUDIT_KEY, at("2026-12-01T08:05:00Z")).start();
            NodeRegistry restarted = database.node("gw-1", masterKey, AUDIT_KEY, at("2026-12-02T09:00:00Z"));
            restarted.start();

            assertThat(restarted.nodes()).containsExactly(
                new NodeRegistry.Node("gw-1", at("2026-12-01T08:00:00Z").millis(), at("2026-12-02T09:00:00Z").millis(), RABBITMQ),
                new NodeRegistry.Node("gw-2", at("2026-12-01T08:05:00Z").millis(), at("2026-12-01T08:05:00Z").millis(), RABBITMQ));
        }
    }

    @Test
    void aNodeWithAnotherDmpMasterKeyShouldNotStartAndSayWhatToCopy() throws Exception {
        try (Database database = Database.create("other_master_key")) {
            database.node("gw-1", MasterKey.generate(), AUDIT_KEY, at("2026-12-01T08:00:00Z")).start();
            NodeRegistry second = database.node("gw-2", MasterKey.generate(), AUDIT_KEY, at("2026-12-01T08:05:00Z"));

            assertThatThrownBy(second::start)
                .isInstanceOf(StartupFailure.class)
                .hasMessageStartingWith("conf/dmp-master.key: this node (gw-2) holds another key than the gateways sharing its database")
                .hasMessageContaining("first recorded by node gw-1")
                .hasMessageContaining("documents filed with one key cannot be read with the other");
            assertThat(second.nodes()).extracting(NodeRegistry.Node::id).containsExactly("gw-1");
        }
    }

    @Test
    void aNodeWithAnotherAuditKeyShouldNotStart() throws Exception {
        try (Database database = Database.create("other_audit_key")) {
            MasterKey masterKey = MasterKey.generate();
            database.node("gw-1", masterKey, AUDIT_KEY, at("2026-12-01T08:00:00Z")).start();

            assertThatThrownBy(database.node("gw-2", masterKey, OTHER_AUDIT_KEY, at("2026-12-01T08:05:00Z"))::start)
                .isInstanceOf(StartupFailure.class)
                .hasMessageStartingWith("conf/audit-hmac.key: this node (gw-2)")
                .hasMessageNotContaining(new String(AUDIT_KEY))
                .hasMessageNotContaining(new String(OTHER_AUDIT_KEY));
        }
    }

    /**
     * A node started on the cluster's database without {@code rabbitmq.properties} would run its own in-VM event bus:
     * blind to the mail the other nodes deliver (IMAP IDLE, its search index) and they to its own.
     */
    @Test
    void aNodeWithoutRabbitMqShouldNotStartOnTheDatabaseOfNodesThatUseItUntilTheyAreForgotten() throws Exception {
        try (Database database = Database.create("event_bus")) {
            MasterKey masterKey = MasterKey.generate();
            database.node("gw-1", masterKey, AUDIT_KEY, at("2026-12-01T08:00:00Z"), NodeRegistry.EventBus.RABBITMQ).start();
            NodeRegistry forgetful = database.node("gw-2", masterKey, AUDIT_KEY, at("2026-12-01T08:05:00Z"), NodeRegistry.EventBus.IN_VM);

            assertThatThrownBy(forgetful::start)
                .isInstanceOf(StartupFailure.class)
                .hasMessageStartingWith("config/rabbitmq.properties: this node (gw-2) has none, but the gateways sharing its database"
                    + " exchange mailbox events through RabbitMQ: gw-1 (last started 2026-12-01T08:00:00Z).")
                .hasMessageContaining("Copy config/rabbitmq.properties from one of them")
                .hasMessageContaining("DELETE /gateway/nodes/<node.id>");
            assertThat(forgetful.nodes()).extracting(NodeRegistry.Node::id).containsExactly("gw-1");

            // A refused start is not recorded. With RabbitMQ it starts; and the cluster scaled back to one gateway: gw-2 forgets gw-1, then runs alone.
            NodeRegistry converted = database.node("gw-2", masterKey, AUDIT_KEY, at("2026-12-01T08:10:00Z"), NodeRegistry.EventBus.RABBITMQ);
            converted.start();
            assertThat(converted.forget("gw-1")).isTrue();
            assertThat(converted.forget("gw-1")).isFalse();
            assertThatThrownBy(() -> converted.forget("gw-2")).isInstanceOf(IllegalArgumentException.class);
            NodeRegistry alone = database.node("gw-2", masterKey, AUDIT_KEY, at("2026-12-02T08:00:00Z"), NodeRegistry.EventBus.IN_VM);
            alone.start();
            assertThat(alone.nodes()).containsExactly(
                new NodeRegistry.Node("gw-2", at("2026-12-01T08:10:00Z").millis(), at("2026-12-02T08:00:00Z").millis(), IN_VM));
        }
    }

    /** A single gateway scaled out: the new node has RabbitMQ, the first one gets it at its next start. */
    @Test
    void aNodeWithRabbitMqShouldStartBesideOneThatLastStartedWithout() throws Exception {
        try (Database database = Database.create("scale_out")) {
            MasterKey masterKey = MasterKey.generate();
            database.node("gw-1", masterKey, AUDIT_KEY, at("2026-12-01T08:00:00Z"), NodeRegistry.EventBus.IN_VM).start();
            NodeRegistry second = database.node("gw-2", masterKey, AUDIT_KEY, at("2026-12-01T09:00:00Z"), NodeRegistry.EventBus.RABBITMQ);
            second.start();
            database.node("gw-1", masterKey, AUDIT_KEY, at("2026-12-01T09:05:00Z"), NodeRegistry.EventBus.RABBITMQ).start();

            assertThat(second.nodes()).extracting(NodeRegistry.Node::eventBus).containsOnly(RABBITMQ);
        }
    }

    @Test
    void aFingerprintShouldTellKeysApartAndNotBeTheKey() {
        assertThat(NodeRegistry.fingerprint(AUDIT_KEY))
            .isEqualTo(NodeRegistry.fingerprint(AUDIT_KEY.clone()))
            .isNotEqualTo(NodeRegistry.fingerprint(OTHER_AUDIT_KEY))
            .hasSize(32)
            .doesNotContain(java.util.HexFormat.of().formatHex(AUDIT_KEY).substring(0, 8));
    }

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    private record Database(ManagedEntityManagerFactory factory) implements AutoCloseable {
        static Database create(String name) throws Exception {
            String url = postgres.createDatabase(name);
            return new Database(new ManagedEntityManagerFactory(new DatabaseConfiguration("org.postgresql.Driver", url,
                Optional.of(postgres.username()), Optional.of(postgres.password()), ImmutableMap.of())));
        }

        NodeRegistry node(String id, MasterKey masterKey, byte[] auditKey, Clock clock) {
            return node(id, masterKey, auditKey, clock, NodeRegistry.EventBus.RABBITMQ);
        }

        NodeRegistry node(String id, MasterKey masterKey, byte[] auditKey, Clock clock, NodeRegistry.EventBus eventBus) {
            return new NodeRegistry(factory.entityManagerFactory(), new NodeIdentity(id), masterKey, auditKey, clock, eventBus);
        }

        @Override
        public void close() {
            factory.close();
        }
    }
}
