package org.santegateway.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.mail.Session;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.mail.internet.MimeMessage;

import org.apache.james.GuiceJamesServer;
import org.apache.james.core.MailAddress;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.modules.protocols.IMAPServerModule;
import org.apache.james.modules.protocols.ProtocolHandlerModule;
import org.apache.james.modules.protocols.SMTPServerModule;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.modules.server.DataRoutesModules;
import org.apache.james.modules.server.InconsistencyQuotasSolvingRoutesModule;
import org.apache.james.modules.server.JMXServerModule;
import org.apache.james.modules.server.MailQueueRoutesModule;
import org.apache.james.modules.server.MailRepositoriesRoutesModule;
import org.apache.james.modules.server.MailboxRoutesModule;
import org.apache.james.modules.server.NoJwtModule;
import org.apache.james.modules.server.ReIndexingModule;
import org.apache.james.modules.server.SieveRoutesModule;
import org.apache.james.modules.server.WebAdminReIndexingTaskSerializationModule;
import org.apache.james.modules.server.WebAdminServerModule;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.utils.MailRepositoryProbeImpl;
import org.santegateway.server.settings.GatewayProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.Module;
import com.google.inject.multibindings.Multibinder;

/**
 * Starts the gateway's James assembly on {@link EmbeddedStorageModules} twice on the same data directory and
 * checks that what the first server stored (domain, users, alias, delivered message and its search index, mail
 * queue, mail repository) is found by the second one, and that nothing was written outside the data directory.
 */
class EmbeddedStorageIntegrationTest {
    private static final String DOMAIN = "sante.test";
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String BOB = "bob@" + DOMAIN;
    private static final String BOB_ALIAS = "dr.bob@" + DOMAIN;
    private static final String PASSWORD = "secret";
    private static final MailRepositoryUrl QUARANTINE = MailRepositoryUrl.from("jpa://var/mail/quarantine/");
    private static final Duration STARTUP_AND_DELIVERY = Duration.ofSeconds(60);

    private static final Module TEST_PROBES = binder -> {
        Multibinder.newSetBinder(binder, GuiceProbe.class).addBinding().to(StorageContentProbe.class);
        // No gateway.properties: every default.
        binder.bind(GatewayProperties.class).toInstance(GatewayProperties.none());
    };

    @TempDir
    Path dataDirectory;

    private GuiceJamesServer server;

    @BeforeAll
    static void keepTheForkAliveOnStartupErrors() {
        System.setProperty("james.exit.on.startup.error", "false");
    }

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            stop(server);
        }
    }

    /**
     * Stops a server so that another can start in this JVM. James 3.8.1's JMXServer registers its management
     * beans in the platform MBean server even when JMX is disabled, but only unregisters them when it is enabled:
     * the leftovers would make the next server's registration fail. (One server per JVM in production: harmless.)
     */
    private static void stop(GuiceJamesServer server) throws Exception {
        server.stop();
        MBeanServer mBeanServer = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName name : mBeanServer.queryNames(new ObjectName("org.apache.james:type=component,name=*"), null)) {
            mBeanServer.unregisterMBean(name);
        }
    }

    @Test
    void storedStateShouldSurviveARestartOnTheSameDataDirectory() throws Exception {
        Set<String> workingDirectoryBefore = workingDirectoryEntries();

        server = startServer();
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        data.addDomain(DOMAIN);
        data.addUser(ALICE, PASSWORD);
        data.addUser(BOB, PASSWORD);
        data.addUserAliasMapping("dr.bob", DOMAIN, BOB);

        sendMail(server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue(), ALICE, BOB_ALIAS,
            "From: " + ALICE + "\r\n"
                + "To: " + BOB_ALIAS + "\r\n"
                + "Subject: Compte rendu de consultation\r\n"
                + "\r\n"
                + "Ordonnance du patient ci-jointe.\r\n");
        StorageContentProbe content = server.getProbe(StorageContentProbe.class);
        await().atMost(STARTUP_AND_DELIVERY).until(() -> content.inboxMessageCount(BOB) == 1);

        content.parkMail("parked-1", ALICE, BOB, "Subject: parked\r\n\r\nstill queued\r\n");
        MailImpl quarantined = quarantinedMail();
        try {
            server.getProbe(MailRepositoryProbeImpl.class).getMailRepositoryStore().select(QUARANTINE).store(quarantined);
        } finally {
            quarantined.dispose();
        }

        stop(server);
        server = startServer();

        DataProbeImpl dataAfterRestart = server.getProbe(DataProbeImpl.class);
        assertThat(dataAfterRestart.containsDomain(DOMAIN)).isTrue();
        assertThat(dataAfterRestart.listUsers()).containsExactlyInAnyOrder(ALICE, BOB);
        assertThat(dataAfterRestart.listMappings())
            .containsKey(MappingSource.fromUser("dr.bob", DOMAIN).asString());
        assertThat(dataAfterRestart.listMappings().get(MappingSource.fromUser("dr.bob", DOMAIN).asString()).asStream())
            .containsExactly(Mapping.alias(BOB));

        StorageContentProbe contentAfterRestart = server.getProbe(StorageContentProbe.class);
        assertThat(contentAfterRestart.inboxMessages(BOB))
            .singleElement()
            .asString()
            .contains("Subject: Compte rendu de consultation", "Ordonnance du patient");
        assertThat(contentAfterRestart.searchInbox(BOB, SearchQuery.of(SearchQuery.bodyContains("ordonnance")))).hasSize(1);
        assertThat(contentAfterRestart.searchInbox(BOB, SearchQuery.of(SearchQuery.subject("consultation")))).hasSize(1);
        assertThat(contentAfterRestart.searchInbox(BOB, SearchQuery.of(SearchQuery.bodyContains("radiographie")))).isEmpty();

        // A JMS queue browser promises no complete snapshot: one browse right after the restart came back empty
        // on CI with the mail still in the journal. An empty browse at first is not a loss; one that stays empty is.
        await().atMost(STARTUP_AND_DELIVERY).untilAsserted(() ->
            assertThat(contentAfterRestart.parkedMailNames()).containsExactly("parked-1"));

        MailRepositoryProbeImpl repositories = server.getProbe(MailRepositoryProbeImpl.class);
        assertThat(repositories.listRepositoryUrls()).contains(QUARANTINE, MailRepositoryUrl.from("jpa://var/mail/error/"));
        assertThat(repositories.getRepositoryMailCount(QUARANTINE)).isEqualTo(1);

        stop(server);
        server = null;

        Path var = dataDirectory.resolve("var");
        assertThat(var.resolve("derby")).isDirectory();
        assertThat(var.resolve("lucene")).isDirectory();
        assertThat(var.resolve("activemq/kahadb")).isDirectory();
        assertThat(workingDirectoryEntries()).isEqualTo(workingDirectoryBefore);
        assertThat(dataDirectory).isDirectoryNotContaining(path -> !path.getFileName().toString().equals("var"));
    }

    private GuiceJamesServer startServer() throws Exception {
        GuiceJamesServer newServer = GuiceJamesServer.forConfiguration(configuration())
            .combineWith(
                EmbeddedStorageModules.SERVER_WITHOUT_PROTOCOLS,
                new IMAPServerModule(),
                new ProtocolHandlerModule(),
                new SMTPServerModule(),
                new WebAdminServerModule(),
                new NoJwtModule(),
                new DataRoutesModules(),
                new MailboxRoutesModule(),
                new MailQueueRoutesModule(),
                new MailRepositoriesRoutesModule(),
                new SieveRoutesModule(),
                new ReIndexingModule(),
                new WebAdminReIndexingTaskSerializationModule(),
                new InconsistencyQuotasSolvingRoutesModule(),
                new JMXServerModule(),
                TEST_PROBES);
        newServer.start();
        return newServer;
    }

    private Configuration configuration() throws URISyntaxException {
        Path configurationDirectory = Path.of(getClass().getResource("/storage-test-conf").toURI());
        return Configuration.builder()
            .workingDirectory(dataDirectory.toFile())
            .configurationPath(new Configuration.ConfigurationPath("file://" + configurationDirectory.toAbsolutePath() + "/"))
            .build();
    }

    private static MailImpl quarantinedMail() throws Exception {
        return MailImpl.builder()
            .name("quarantined-1")
            .sender(new MailAddress(ALICE))
            .addRecipient(new MailAddress(BOB))
            .mimeMessage(new MimeMessage(Session.getDefaultInstance(new Properties()),
                new ByteArrayInputStream("Subject: held\r\n\r\nheld for review\r\n".getBytes(StandardCharsets.US_ASCII))))
            .build();
    }

    /**
     * Entries of the process's working directory (the module directory under Maven), build output aside.
     */
    private static Set<String> workingDirectoryEntries() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("").toAbsolutePath())) {
            return entries.map(path -> path.getFileName().toString())
                .filter(name -> !name.equals("target"))
                .collect(Collectors.toSet());
        }
    }

    private static void sendMail(int port, String from, String to, String rfc822) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port);
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
             Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII)) {
            socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
            expectReply(in, "220");
            command(out, in, "HELO client.test", "250");
            command(out, in, "MAIL FROM:<" + from + ">", "250");
            command(out, in, "RCPT TO:<" + to + ">", "250");
            command(out, in, "DATA", "354");
            command(out, in, rfc822 + ".", "250");
            command(out, in, "QUIT", "221");
        }
    }

    private static void command(Writer out, BufferedReader in, String line, String expectedCode) throws IOException {
        out.write(line + "\r\n");
        out.flush();
        expectReply(in, expectedCode);
    }

    private static void expectReply(BufferedReader in, String expectedCode) throws IOException {
        String reply;
        do {
            reply = in.readLine();
            assertThat(reply).as("SMTP reply").isNotNull().startsWith(expectedCode);
        } while (reply.length() > 3 && reply.charAt(3) == '-');
    }
}
