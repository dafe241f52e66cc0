package org.santegateway.server.conversation;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.PostgresServer;

/** Every test of {@link ConversationIntegrationTest} (who may write to whom, replies, closing), with the gateway on a private PostgreSQL. */
class ConversationOnPostgresqlIntegrationTest extends ConversationIntegrationTest {
    static PostgresServer postgres;

    /** Hides {@link ConversationIntegrationTest#start()}. */
    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
        start(GatewayTestServer.prepare(root).onPostgres(postgres));
    }

    /** Hides {@link ConversationIntegrationTest#stop()}: the gateway, then PostgreSQL. */
    @AfterAll
    static void stop() {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            postgres.close();
        }
    }
}
