package org.santegateway.server.conversation;

import org.santegateway.audit.Hashes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.santegateway.audit.OutcomeRecorder;
import org.santegateway.conversation.ConversationGate;
import org.santegateway.conversation.ConversationLimits;
import org.santegateway.conversation.ConversationPolicy;
import org.santegateway.conversation.Decision;
import org.santegateway.conversation.MessageThreading;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.conversation.PolicyRequest;
import org.santegateway.conversation.PolicyRequests;
import org.santegateway.conversation.RoleResolver;
import org.santegateway.conversation.SenderIdentity;
import org.santegateway.conversation.TrustedOperatorDomains;
import org.santegateway.ins.MatriculeIns;
import org.santegateway.mailets.ApplyConversationPolicy;
import org.santegateway.server.persistence.DatabaseConfiguration;
import org.santegateway.server.persistence.ManagedEntityManagerFactory;
import org.santegateway.server.persistence.StorageDirectories;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Not a test (run by hand): fills an embedded Derby conversation store with 100 000 conversations
 * of 10 messages (1 million messages), then measures on one thread
 * <ol>
 *     <li>policy decisions per second (a patient reply to a random message: Message-ID lookup,
 *     conversation and participants), read-only as in the SMTP session;</li>
 *     <li>the latency the pipeline step adds per message: {@link ApplyConversationPolicy#service}
 *     on a real James mail (header parsing, decision, recording in the database).</li>
 * </ol>
 *
 * <pre>
 * mvn -B -o -q install -pl mailets -DskipTests && mvn -B -o -q test-compile -pl gateway
 * mvn -B -o -q dependency:build-classpath -pl gateway -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * taskset -c 0 java -cp "gateway/target/test-classes:gateway/target/classes:$(cat /tmp/cp.txt)" \
 *     org.santegateway.server.conversation.ConversationPolicyBenchmark [directory] [conversations]
 * </pre>
 *
 * <p>The first run fills the directory (about 4 minutes, 420 MB); later runs on the same directory
 * only measure. Add {@code -Dderby.storage.pageCacheSize=50000} to compare with a 200 MB Derby page cache.</p>
 */
public final class ConversationPolicyBenchmark {
    static final int MESSAGES_PER_CONVERSATION = 10;

    public static void main(String[] args) throws Exception {
        Path directory = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("conversation-bench");
        int conversations = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        ManagedEntityManagerFactory database = new ManagedEntityManagerFactory(DatabaseConfiguration.embeddedDerby(new StorageDirectories(directory)));
        JpaConversationStore store = new JpaConversationStore(database.entityManagerFactory());
        store.findByMessage("warm-up: creates the tables");
        boolean filled = Files.exists(directory.resolve("filled"));
        if (!filled) {
            long start = System.nanoTime();
            fill(directory, conversations);
            Files.writeString(directory.resolve("filled"), "yes");
            System.out.printf("filled %d conversations / %d messages in %.1f s%n", conversations,
                conversations * MESSAGES_PER_CONVERSATION, (System.nanoTime() - start) / 1e9);
        }
        Clock clock = Clock.systemUTC();
        RoleResolver roles = new RoleResolver(PatientDomains.of(Domain.of("patient.mssante.fr")), Domain.of("hopital.test")::equals,
            TrustedOperatorDomains.of(Set.of()));
        PolicyRequests requests = new PolicyRequests(roles, new JpaPatientInitiatedMailboxes(database.entityManagerFactory(), clock));
        ConversationPolicy policy = new ConversationPolicy(store, ConversationLimits.DEFAULT, clock);
        Random random = new Random(1);

        for (int round = 0; round < 2; round++) {
            int decisions = round == 0 ? 5_000 : 20_000;
            int accepted = 0;
            long start = System.nanoTime();
            for (int i = 0; i < decisions; i++) {
                int conversation = random.nextInt(conversations);
                PolicyRequest request = requests.build(SenderIdentity.authenticated(patient(conversation), MaybeSender.of(patient(conversation))),
                    List.of(professional(conversation)),
                    new MessageThreading(Optional.of(MessageThreading.hash("<bench-" + UUID.randomUUID() + ">")),
                        List.of(messageHash(conversation, random.nextInt(MESSAGES_PER_CONVERSATION))), false), 2_000);
                if (policy.decide(request) instanceof Decision.Accepted) {
                    accepted++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s: %d decisions in %.2f s = %.0f decisions/s (%d accepted)%n", round == 0 ? "warm-up" : "measure",
                decisions, seconds, decisions / seconds, accepted);
        }

        ConversationGate gate = new ConversationGate(policy, store, new OutcomeRecorder(event -> { }, new SimpleMeterRegistry(), clock),
            Hashes::sha256);
        ApplyConversationPolicy mailet = new ApplyConversationPolicy(gate, requests);
        for (int round = 0; round < 2; round++) {
            int mails = round == 0 ? 1_000 : 5_000;
            long start = System.nanoTime();
            for (int i = 0; i < mails; i++) {
                int conversation = random.nextInt(conversations);
                mailet.service(patientReply(conversation, random.nextInt(MESSAGES_PER_CONVERSATION)));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s: pipeline step %d mails in %.2f s = %.2f ms per mail%n", round == 0 ? "warm-up" : "measure",
                mails, seconds, seconds * 1000 / mails);
        }
        database.close();
    }

    static MailAddress patient(int conversation) throws Exception {
        String body = String.format("1%012d", conversation);
        return new MailAddress(body + MatriculeIns.keyOf(body) + "@patient.mssante.fr");
    }

    static MailAddress professional(int conversation) throws Exception {
        return new MailAddress("dr.n" + (conversation % 5_000) + "@hopital.test");
    }

    static String messageId(int conversation, int message) {
        return "<c" + conversation + ".m" + message + "@hopital.test>";
    }

    static String messageHash(int conversation, int message) {
        return MessageThreading.hash(messageId(conversation, message));
    }

    static Mail patientReply(int conversation, int message) throws Exception {
        MimeMessage mime = new MimeMessage(Session.getInstance(new Properties()));
        mime.setFrom(new InternetAddress(patient(conversation).asString()));
        mime.setRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(professional(conversation).asString()));
        mime.setSubject("Re: bench");
        mime.setText("Merci docteur", "UTF-8");
        mime.setHeader("Message-ID", "<reply-" + UUID.randomUUID() + "@patient.mssante.fr>");
        mime.setHeader("In-Reply-To", messageId(conversation, message));
        MailImpl mail = MailImpl.builder().name("bench-" + UUID.randomUUID()).sender(patient(conversation))
            .addRecipient(professional(conversation)).mimeMessage(mime).build();
        mail.setAttribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of(patient(conversation).asString())));
        return mail;
    }

    /**
     * Bulk load with JDBC batches on the store's own tables, each table in key order (the store API,
     * one transaction per message, would take hours for a million messages).
     */
    static void fill(Path directory, int conversations) throws Exception {
        String[] ids = new String[conversations];
        for (int c = 0; c < conversations; c++) {
            ids[c] = UUID.randomUUID().toString();
        }
        String[][] messages = new String[conversations * MESSAGES_PER_CONVERSATION][];
        for (int c = 0; c < conversations; c++) {
            for (int m = 0; m < MESSAGES_PER_CONVERSATION; m++) {
                messages[c * MESSAGES_PER_CONVERSATION + m] = new String[] {messageHash(c, m), ids[c]};
            }
        }
        java.util.Arrays.sort(messages, java.util.Comparator.comparing((String[] row) -> row[0]));
        String[][] conversationRows = new String[conversations][];
        String[][] participants = new String[conversations * 2][];
        for (int c = 0; c < conversations; c++) {
            conversationRows[c] = new String[] {ids[c], messageHash(c, 0)};
            participants[2 * c] = new String[] {JpaConversationParticipant.key(ids[c], professional(c).asString()), ids[c], professional(c).asString(), "PROFESSIONAL"};
            participants[2 * c + 1] = new String[] {JpaConversationParticipant.key(ids[c], patient(c).asString()), ids[c], patient(c).asString(), "PATIENT"};
        }
        java.util.Arrays.sort(conversationRows, java.util.Comparator.comparing((String[] row) -> row[0]));
        java.util.Arrays.sort(participants, java.util.Comparator.comparing((String[] row) -> row[0]));
        long now = System.currentTimeMillis();
        insert(directory, "INSERT INTO GATEWAY_CONVERSATION (ID, ROOT_MESSAGE_HASH, STATE, OPENED_AT, UPDATED_AT, VERSION) VALUES (?, ?, 'OPEN', "
            + now + ", " + now + ", 1)", conversationRows);
        insert(directory, "INSERT INTO GATEWAY_CONVERSATION_MESSAGE (MESSAGE_HASH, CONVERSATION_ID, RECORDED_AT) VALUES (?, ?, " + now + ")", messages);
        insert(directory, "INSERT INTO GATEWAY_CONVERSATION_PARTICIPANT (ID, CONVERSATION_ID, ADDRESS, ROLE) VALUES (?, ?, ?, ?)", participants);
    }

    private static void insert(Path directory, String sql, String[][] rows) throws Exception {
        // A plain embedded connection: OpenJPA's connection wrapper keeps auto-commit on.
        String url = "jdbc:derby:" + new StorageDirectories(directory).derbyDatabase();
        try (Connection connection = java.sql.DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < rows.length; i++) {
                    for (int column = 0; column < rows[i].length; column++) {
                        statement.setString(column + 1, rows[i][column]);
                    }
                    statement.addBatch();
                    if (i % 5_000 == 4_999) {
                        statement.executeBatch();
                        connection.commit();
                    }
                }
                statement.executeBatch();
                connection.commit();
            }
        }
    }
}
