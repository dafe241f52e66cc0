package org.santegateway.server.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.testing.GatewayTestServer;

/**
 * A stopped gateway polls its trust list no more: the poll's thread ends with the server. It used to go on (reading
 * files of a gateway long stopped, and logging warnings into whatever ran next in the JVM).
 */
class PollSchedulersIntegrationTest {
    @TempDir
    Path root;

    @Test
    void theTrustListPollShouldEndWhenTheGatewayStops() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        GatewayTestServer gateway = GatewayTestServer.prepare(root).start();
        List<Thread> polls;
        try {
            polls = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread))
                .filter(thread -> thread.getName().equals("trust-list-poll"))
                .toList();
            assertThat(polls).hasSize(1);
        } finally {
            gateway.close();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> polls.stream().noneMatch(Thread::isAlive));
    }
}
