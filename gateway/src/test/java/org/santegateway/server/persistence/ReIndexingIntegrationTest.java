package org.santegateway.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.james.GuiceJamesServer;
import org.apache.james.mailbox.indexer.ReIndexer;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.task.Task;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.GuiceProbe;
import org.santegateway.server.settings.GatewayProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.Module;
import com.google.inject.multibindings.Multibinder;

/**
 * James's re-indexing tasks (WebAdmin {@code POST /mailboxes?task=reIndex}) on the embedded storage, on a mailbox of
 * messages of 1 MB: every message is indexed again, once, and found by a search afterwards. Stock James fails there
 * on Derby ({@code IOException ... reading a 'BLOB'}).
 */
class ReIndexingIntegrationTest {
    private static final String DOMAIN = "sante.test";
    private static final String BOB = "bob@" + DOMAIN;
    private static final int MESSAGES = 5;
    private static final int MESSAGE_SIZE = 1024 * 1024;

    private static final Module TEST_PROBES = binder -> {
        Multibinder<GuiceProbe> probes = Multibinder.newSetBinder(binder, GuiceProbe.class);
        probes.addBinding().to(StorageContentProbe.class);
        probes.addBinding().to(ReIndexingProbe.class);
        // No gateway.properties: every default.
        binder.bind(GatewayProperties.class).toInstance(GatewayProperties.none());
    };

    @TempDir
    Path dataDirectory;

    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private GuiceJamesServer server;

    @BeforeAll
    static void keepTheForkAliveOnStartupErrors() {
        System.setProperty("james.exit.on.startup.error", "false");
    }

    @BeforeEach
    void startWithLargeMessages() throws Exception {
        server = GuiceJamesServer.forConfiguration(configuration())
            .combineWith(EmbeddedStorageModules.SERVER_WITHOUT_PROTOCOLS, TEST_PROBES);
        server.start();
        server.getProbe(DataProbeImpl.class).addDomain(DOMAIN);
        server.getProbe(DataProbeImpl.class).addUser(BOB, "secret");
        for (int i = 0; i < MESSAGES; i++) {
            server.getProbe(ReIndexingProbe.class).appendToInbox(BOB, largeMessage(i));
        }
    }

    @AfterEach
    void stopServer() throws Exception {
        server.stop();
        MBeanServer mBeanServer = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName name : mBeanServer.queryNames(new ObjectName("org.apache.james:type=component,name=*"), null)) {
            mBeanServer.unregisterMBean(name);
        }
    }

    @Test
    void fullReIndexingShouldIndexEveryMessageOnceWhenMessagesAreOneMegabyte() throws Exception {
        assertThat(server.getProbe(ReIndexingProbe.class).reIndexAll(ReIndexer.RunningOptions.DEFAULT))
            .isEqualTo(Task.Result.COMPLETED);

        assertEveryMessageFoundOnce();
    }

    @Test
    void mailboxReIndexingShouldIndexEveryMessageOnceWhenMessagesAreOneMegabyte() throws Exception {
        assertThat(server.getProbe(ReIndexingProbe.class).reIndexInbox(BOB, ReIndexer.RunningOptions.DEFAULT))
            .isEqualTo(Task.Result.COMPLETED);

        assertEveryMessageFoundOnce();
    }

    @Test
    void fixOutdatedReIndexingShouldNotIndexAMessageTwice() throws Exception {
        ReIndexer.RunningOptions fixOutdated = ReIndexer.RunningOptions.builder()
            .mode(ReIndexer.RunningOptions.Mode.FIX_OUTDATED)
            .build();
        assertThat(server.getProbe(ReIndexingProbe.class).reIndexAll(fixOutdated)).isEqualTo(Task.Result.COMPLETED);
        assertThat(server.getProbe(ReIndexingProbe.class).reIndexAll(ReIndexer.RunningOptions.DEFAULT))
            .isEqualTo(Task.Result.COMPLETED);

        assertEveryMessageFoundOnce();
    }

    private void assertEveryMessageFoundOnce() throws Exception {
        StorageContentProbe content = server.getProbe(StorageContentProbe.class);
        assertThat(content.searchInbox(BOB, SearchQuery.of(SearchQuery.all()))).hasSize(MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            assertThat(content.searchInbox(BOB, SearchQuery.of(SearchQuery.bodyContains(marker(i)))))
                .as("body search of message %d", i).hasSize(1);
            assertThat(content.searchInbox(BOB, SearchQuery.of(SearchQuery.subject(marker(i)))))
                .as("subject search of message %d", i).hasSize(1);
        }
    }

    private byte[] largeMessage(int i) {
        StringBuilder message = new StringBuilder()
            .append("From: alice@").append(DOMAIN).append("\r\n")
            .append("To: ").append(BOB).append("\r\n")
            .append("Subject: compte rendu ").append(marker(i)).append("\r\n")
            .append("Content-Type: text/plain; charset=UTF-8\r\n")
            .append("\r\n")
            .append(marker(i)).append("\r\n");
        for (int line = 0; message.length() < MESSAGE_SIZE; line++) {
            message.append("ligne ").append(line).append(" du compte rendu de consultation\r\n");
        }
        return message.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String marker(int i) {
        return "mk" + run + String.format("n%03d", i);
    }

    private Configuration configuration() throws URISyntaxException {
        Path configurationDirectory = Path.of(getClass().getResource("/storage-test-conf").toURI());
        return Configuration.builder()
            .workingDirectory(dataDirectory.toFile())
            .configurationPath(new Configuration.ConfigurationPath("file://" + configurationDirectory.toAbsolutePath() + "/"))
            .build();
    }
}
