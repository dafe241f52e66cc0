package org.santegateway.server.dmp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.PostgresServer;

/** Every test of {@link DmpIntegrationTest} (filing, access, notices), with the gateway on a private PostgreSQL. */
class DmpOnPostgresqlIntegrationTest extends DmpIntegrationTest {
    // JUnit does not discover the @Nested classes of a superclass: each is declared again below.
    static PostgresServer postgres;

    /** Hides {@link DmpIntegrationTest#start()}. */
    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
        start(GatewayTestServer.prepare(root).onPostgres(postgres));
    }

    /** Hides {@link DmpIntegrationTest#stop()}: the gateway, then PostgreSQL. */
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
    class PatientIdentificationErrors extends DmpIntegrationTest.PatientIdentificationErrors {
    }
}
