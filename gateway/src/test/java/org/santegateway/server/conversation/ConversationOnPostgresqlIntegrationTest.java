package org.santegateway.server.conversation;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.PostgresServer;

/** Every test of {@link ConversationIntegrationTest} (who may write to whom, replies, closing), with the gateway on a private PostgreSQL. */
class ConversationOnPostgresqlIntegrationTest extends ConversationIntegrationTest {
    // JUnit does not discover the @Nested classes of a superclass: each is declared again below.
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

    @Nested
    class ProfessionalOpensPatientReplies extends ConversationIntegrationTest.ProfessionalOpensPatientReplies {
    }

    @Nested
    class Refusals extends ConversationIntegrationTest.Refusals {
    }

    @Nested
    class Contactable extends ConversationIntegrationTest.Contactable {
    }

    @Nested
    class Closing extends ConversationIntegrationTest.Closing {
    }

    @Nested
    class PatientInitiatedMailboxes extends ConversationIntegrationTest.PatientInitiatedMailboxes {
    }
}
