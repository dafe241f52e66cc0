package org.santegateway.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Set;

import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.ImapDialog;
import org.santegateway.server.testing.ImapDialog.Reply;
import org.santegateway.server.testing.TestTls;

/**
 * What a mail client reads when it opens a mailbox (first unseen message, unseen count, recent
 * messages), now answered from the per-mailbox indexes of {@link MailboxIndexes}: the same answers,
 * in a mailbox shared with other mailboxes of other users, and the indexes are there after a
 * restart (created once, on an existing database as on a new one).
 */
class MailboxCountersIntegrationTest {
    static final String DOMAIN = "compteurs.test";
    static final String USER = "dr.compte@" + DOMAIN;
    static final String OTHER = "dr.autre@" + DOMAIN;
    static final String PASSWORD = "correct horse battery staple";

    @TempDir
    static Path root;
    static GatewayTestServer gateway;
    static SSLSocketFactory tls;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayTestServer.prepare(root).start();
        gateway.data().addDomain(DOMAIN);
        gateway.data().addUser(USER, PASSWORD);
        gateway.data().addUser(OTHER, PASSWORD);
        tls = TestTls.socketFactory(gateway.testCaCertificate());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void selectAndStatusShouldCountUnseenAndRecentMessagesOfThisMailboxOnly() throws Exception {
        try (ImapDialog other = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
            assertThat(other.command("LOGIN " + OTHER + " \"" + PASSWORD + "\"").ok()).isTrue();
            for (int i = 0; i < 3; i++) {
                assertThat(other.append("INBOX", message("other " + i)).ok()).isTrue();
            }
            other.logout();
        }
        try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
            assertThat(imap.command("LOGIN " + USER + " \"" + PASSWORD + "\"").ok()).isTrue();
            assertThat(imap.command("CREATE Dossiers").ok()).isTrue();
            for (int i = 1; i <= 5; i++) {
                assertThat(imap.append("INBOX", message("inbox " + i)).ok()).isTrue();
            }
            assertThat(imap.append("Dossiers", message("dossier")).ok()).isTrue();
            Reply status = imap.command("STATUS INBOX (MESSAGES UNSEEN RECENT)");
            assertThat(status.untaggedStartingWith("* STATUS")).hasValueSatisfying(line ->
                assertThat(line).contains("MESSAGES 5").contains("UNSEEN 5").contains("RECENT 5"));

            Reply select = imap.command("SELECT INBOX");
            assertThat(select.untagged()).contains("* 5 EXISTS", "* 5 RECENT");
            assertThat(select.untaggedStartingWith("* OK [UNSEEN 1]")).isPresent();
            assertThat(imap.command("STORE 1:2 +FLAGS (\\Seen)").ok()).isTrue();
            assertThat(imap.command("CLOSE").ok()).isTrue();

            select = imap.command("SELECT INBOX");
            assertThat(select.untagged()).contains("* 5 EXISTS", "* 0 RECENT");
            assertThat(select.untaggedStartingWith("* OK [UNSEEN 3]")).isPresent();
            status = imap.command("STATUS Dossiers (MESSAGES UNSEEN)");
            assertThat(status.untaggedStartingWith("* STATUS")).hasValueSatisfying(line ->
                assertThat(line).contains("MESSAGES 1").contains("UNSEEN 1"));
            assertThat(imap.command("STORE 1:* +FLAGS (\\Seen)").ok()).isTrue();
            assertThat(imap.command("CLOSE").ok()).isTrue();

            select = imap.command("SELECT INBOX");
            assertThat(select.untaggedStartingWith("* OK [UNSEEN")).isEmpty();
            status = imap.command("STATUS INBOX (UNSEEN)");
            assertThat(status.untaggedStartingWith("* STATUS")).hasValueSatisfying(line -> assertThat(line).contains("UNSEEN 0"));
            imap.logout();
        }
    }

    @Test
    void theMailboxIndexesShouldBeInTheDatabaseAndCreatingThemAgainShouldChangeNothing() throws Exception {
        gateway.stop();
        try {
            String url = "jdbc:derby:" + gateway.settings().dataDirectory().resolve("var/derby");
            try (Connection connection = DriverManager.getConnection(url)) {
                Set<String> names = new HashSet<>();
                try (ResultSet indexes = connection.getMetaData().getIndexInfo(null, null, "JAMES_MAIL", false, false)) {
                    while (indexes.next()) {
                        names.add(indexes.getString("INDEX_NAME"));
                    }
                }
                assertThat(names).contains("GW_MAIL_UNSEEN_IDX", "GW_MAIL_RECENT_IDX", "GW_MAIL_DELETED_IDX");
                for (MailboxIndexes.Index index : MailboxIndexes.INDEXES) {
                    try (ResultSet indexes = connection.getMetaData().getIndexInfo(null, null, index.table(), false, false)) {
                        Set<String> onTable = new HashSet<>();
                        while (indexes.next()) {
                            onTable.add(indexes.getString("INDEX_NAME"));
                        }
                        assertThat(onTable).as(index.table()).contains(index.name());
                    }
                }
                MailboxIndexes.ensure(connection);
            } finally {
                shutDown(url);
            }
        } finally {
            gateway.start();
        }
    }

    private static void shutDown(String url) {
        try {
            DriverManager.getConnection(url + ";shutdown=true").close();
        } catch (java.sql.SQLException expected) {
            // Derby reports a successful shutdown of a database as an SQLException (08006).
        }
    }

    private static String message(String subject) {
        return "From: " + USER + "\r\nTo: " + USER + "\r\nSubject: " + subject + "\r\n\r\nBonjour\r\n";
    }
}
