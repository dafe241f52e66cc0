package org.santegateway.server.dmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import javax.activation.DataHandler;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;
import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.dmp.AccessAction;
import org.santegateway.dmp.AccessEvent;
import org.santegateway.dmp.AccessOutcome;
import org.santegateway.dmp.Actor;
import org.santegateway.dmp.DmpStore;
import org.santegateway.dmp.DocumentMetadata;
import org.santegateway.dmp.DocumentOrigin;
import org.santegateway.dmp.Ins;
import org.santegateway.dmp.InsAuthority;
import org.santegateway.dmp.StoredDocument;
import org.santegateway.server.admin.WebAdminTokens;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.TestTls;

/**
 * Documents into the patient's record end to end: professionals send XDM packages over SMTP
 * submission with Jakarta Mail, read the acknowledgements over IMAP; the store is seen through the
 * same service the webmail uses (a Guice probe) and through the WebAdmin routes.
 */
class DmpIntegrationTest {
    static final String HOSPITAL = "hopital-test.fr";
    static final String PATIENT_DOMAIN = "patient.mssante.fr";
    static final String MARTIN = "dr.martin@" + HOSPITAL;
    static final String DURAND = "dr.durand@" + HOSPITAL;
    static final String INS_1 = DmpTestDocuments.ins("1850575123456");
    static final String INS_2 = DmpTestDocuments.ins("2920399123789");
    static final String INS_3 = DmpTestDocuments.ins("1720231555444");
    static final String UNKNOWN_INS = DmpTestDocuments.ins("2010175000111");
    static final String PATIENT_1 = INS_1 + "@" + PATIENT_DOMAIN;
    static final String PATIENT_2 = INS_2 + "@" + PATIENT_DOMAIN;
    static final String PATIENT_3 = INS_3 + "@" + PATIENT_DOMAIN;
    static final String PASSWORD = "correct horse battery staple";
    static final Duration DELIVERY = Duration.ofSeconds(30);

    @TempDir
    static Path root;
    static GatewayTestServer gateway;
    static SSLSocketFactory tls;
    static MailClients clients;

    @BeforeAll
    static void start() throws Exception {
        start(GatewayTestServer.prepare(root));
    }

    /** Starts {@code prepared} with this class's domains and users; the PostgreSQL variant prepares it on its database. */
    static void start(GatewayTestServer prepared) throws Exception {
        gateway = prepared.withProbe(DmpProbe.class).start();
        gateway.data().addDomain(HOSPITAL);
        gateway.data().addDomain(PATIENT_DOMAIN);
        for (String user : List.of(MARTIN, DURAND, PATIENT_1, PATIENT_2, PATIENT_3)) {
            gateway.data().addUser(user, PASSWORD);
        }
        tls = TestTls.socketFactory(gateway.testCaCertificate());
        clients = new MailClients(tls);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static DmpStore store() {
        return gateway.probe(DmpProbe.class).store();
    }

    /** A message keeping the Message-ID it is given (Jakarta Mail would otherwise make a new one when sending). */
    static MimeMessage message(String from, List<String> to, String subject, boolean askMdn, String fileName, String type, byte[] attachment)
        throws MessagingException {
        String messageId = "<" + UUID.randomUUID() + "@" + HOSPITAL + ">";
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties())) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress(from));
        for (String recipient : to) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(subject, "UTF-8");
        if (askMdn) {
            message.setHeader("Disposition-Notification-To", from);
        }
        MimeMultipart multipart = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Veuillez trouver ci-joint le compte rendu.", "UTF-8");
        multipart.addBodyPart(text);
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment, type)));
        file.setFileName(fileName);
        file.setDisposition(MimeBodyPart.ATTACHMENT);
        multipart.addBodyPart(file);
        message.setContent(multipart);
        message.saveChanges();
        return message;
    }

    static String send(String user, MimeMessage message) throws MessagingException {
        String id = message.getMessageID();
        clients.sendStartTls(gateway.submissionPort(), user, PASSWORD, message);
        return id;
    }

    /** The raw messages of the user's INBOX. */
    static List<String> rawInbox(String user) throws Exception {
        return MailClients.selectingAgainOnARace(() -> readRawInbox(user));
    }

    private static List<String> readRawInbox(String user) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.imaps.ssl.socketFactory", tls);
        properties.put("mail.imaps.ssl.checkserveridentity", "true");
        properties.put("mail.imaps.connectiontimeout", "10000");
        properties.put("mail.imaps.timeout", "30000");
        try (Store store = Session.getInstance(properties).getStore("imaps")) {
            store.connect("localhost", gateway.imapsPort(), user, PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                List<String> messages = new ArrayList<>();
                for (Message message : inbox.getMessages()) {
                    ByteArrayOutputStream raw = new ByteArrayOutputStream();
                    message.writeTo(raw);
                    messages.add(raw.toString(StandardCharsets.UTF_8));
                }
                return messages;
            } finally {
                inbox.close(false);
            }
        }
    }

    /** The acknowledgement (MDN or notice) of the message {@code messageId}, once it arrived in the user's INBOX. */
    static String awaitAcknowledgement(String user, String messageId) {
        return await().atMost(DELIVERY).pollInterval(Duration.ofMillis(250)).until(() -> rawInbox(user).stream()
            .filter(raw -> raw.contains("In-Reply-To: " + messageId))
            .findFirst(), Optional::isPresent).get();
    }

    static String awaitDelivered(String user, String messageId) {
        return await().atMost(DELIVERY).pollInterval(Duration.ofMillis(250)).until(() -> rawInbox(user).stream()
            .filter(raw -> raw.contains("Message-ID: " + messageId))
            .findFirst(), Optional::isPresent).get();
    }

    static <T> T granted(AccessOutcome<T> outcome) {
        assertThat(outcome).isInstanceOf(AccessOutcome.Granted.class);
        return ((AccessOutcome.Granted<T>) outcome).value();
    }

    static List<DocumentMetadata> patientDocuments(String ins) throws Exception {
        return granted(store().list(Actor.patient(new Ins(ins)), new Ins(ins)));
    }

    static String read(StoredDocument document) throws IOException {
        try (InputStream content = document.content().open()) {
            return new String(content.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static boolean containsBytes(Path file, byte[] needle) throws IOException {
        byte[] haystack;
        try {
            haystack = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            // Removed since the directory was listed (a Lucene segment merged away): not on disk.
            return false;
        }
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static HttpResponse<String> webAdmin(String method, String path) throws Exception {
        String token = WebAdminTokens.fromDataDirectory(gateway.settings(), Clock.systemUTC()).issue("admin", Duration.ofMinutes(5));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.webAdminPort() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(10))
            .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void xdmSentToAPatientShouldBeFiledEncryptedAcknowledgedKeptAcrossRestartAndControlledByThePatient() throws Exception {
        String canary = "CANARY-" + UUID.randomUUID();
        byte[] xdm = DmpTestDocuments.xdm(DmpTestDocuments.insCx(INS_1),
            List.of(DmpTestDocuments.Doc.cda("DOC0001", INS_1, "Examen normal. " + canary)));
        Ins patient = new Ins(INS_1);
        Actor martin = Actor.professional(MARTIN);
        double filedBefore = gateway.probe(DmpProbe.class).filed("filed", "none");

        String messageId = send(MARTIN, message(MARTIN, List.of(PATIENT_1), "Compte rendu", true, "IHE_XDM.ZIP", "application/zip", xdm));

        // The professional gets the processed MDN, the patient the message itself.
        String mdn = awaitAcknowledgement(MARTIN, messageId);
        assertThat(mdn).contains("report-type=disposition-notification")
            .contains("Disposition: automatic-action/MDN-sent-automatically; processed")
            .doesNotContain("processed/error")
            .contains("Original-Message-ID: " + messageId);
        awaitDelivered(PATIENT_1, messageId);

        // Filed with the metadata of the package.
        List<DocumentMetadata> documents = patientDocuments(INS_1);
        assertThat(documents).hasSize(1);
        DocumentMetadata document = documents.get(0);
        assertThat(document.typeCode()).hasValueSatisfying(code -> assertThat(code.code()).isEqualTo("11488-4"));
        assertThat(document.title()).isEqualTo("Compte rendu DOC0001");
        assertThat(document.mimeType()).isEqualTo("text/xml");
        assertThat(document.document().origin()).isEqualTo(DocumentOrigin.XDM);
        assertThat(document.document().patientAuthority()).contains(InsAuthority.NIR);
        assertThat(document.document().uniqueId()).contains("1.2.250.1.999.1.1.7^DOC0001");
        assertThat(document.document().author()).hasValueSatisfying(author -> assertThat(author.id()).contains("810001234567"));
        assertThat(document.creationTime()).isPresent();
        assertThat(document.depositor()).isEqualTo(martin);
        assertThat(gateway.probe(DmpProbe.class).filed("filed", "none")).isEqualTo(filedBefore + 1);

        // The professional who wrote to the patient may read it; the content decrypts whole.
        assertThat(read(granted(store().fetch(martin, document.id())))).contains(canary);

        // No file of the data directory holds the document's plaintext.
        byte[] needle = canary.getBytes(StandardCharsets.UTF_8);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(gateway.settings().dataDirectory())) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(containsBytes(file, needle)).as("plaintext in %s", file).isFalse();
        }
        assertThat(gateway.settings().dataDirectory().resolve("conf").resolve(DmpModule.MASTER_KEY_FILE))
            .satisfies(key -> assertThat(java.nio.file.Files.getPosixFilePermissions(key))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));

        // Still there and readable after a restart.
        gateway.restart();
        assertThat(patientDocuments(INS_1)).extracting(DocumentMetadata::id).containsExactly(document.id());
        assertThat(read(granted(store().fetch(Actor.patient(patient), document.id())))).contains(canary);

        // Sent again: not filed twice.
        String again = send(MARTIN, message(MARTIN, List.of(PATIENT_1), "Compte rendu (bis)", true, "IHE_XDM.ZIP", "application/zip", xdm));
        assertThat(awaitAcknowledgement(MARTIN, again)).doesNotContain("processed/error");
        assertThat(patientDocuments(INS_1)).hasSize(1);

        // Hidden by the patient: gone for the professional, still there for the patient.
        granted(store().setHidden(Actor.patient(patient), document.id(), true));
        assertThat(store().fetch(martin, document.id())).isInstanceOf(AccessOutcome.NotFound.class);
        assertThat(granted(store().list(martin, patient))).isEmpty();
        assertThat(read(granted(store().fetch(Actor.patient(patient), document.id())))).contains(canary);
        // A professional who never wrote to the patient sees nothing.
        assertThat(store().list(Actor.professional(DURAND), patient)).isInstanceOf(AccessOutcome.Denied.class);
        // An admin grants him access, then revokes it.
        assertThat(webAdmin("PUT", "/gateway/dmp/patients/" + INS_1 + "/grants/" + DURAND).statusCode()).isEqualTo(204);
        assertThat(webAdmin("GET", "/gateway/dmp/patients/" + INS_1 + "/grants").body()).contains(DURAND);
        assertThat(store().list(Actor.professional(DURAND), patient)).isInstanceOf(AccessOutcome.Granted.class);
        assertThat(webAdmin("DELETE", "/gateway/dmp/patients/" + INS_1 + "/grants/" + DURAND).statusCode()).isEqualTo(204);
        assertThat(store().list(Actor.professional(DURAND), patient)).isInstanceOf(AccessOutcome.Denied.class);
        assertThat(webAdmin("GET", "/gateway/dmp/patients/not-an-ins/documents").statusCode()).isEqualTo(400);
        assertThat(webAdmin("GET", "/gateway/dmp/documents/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        // Shown again through WebAdmin: the professional reads it again.
        assertThat(webAdmin("DELETE", "/gateway/dmp/documents/" + document.id() + "/hidden").statusCode()).isEqualTo(204);
        assertThat(read(granted(store().fetch(martin, document.id())))).contains(canary);

        // The patient's history lists each access, granted or not, with who did it.
        List<AccessEvent> history = granted(store().accessHistory(Actor.patient(patient), patient));
        assertThat(history).extracting(AccessEvent::action, AccessEvent::actor, AccessEvent::granted).containsSubsequence(
            org.assertj.core.groups.Tuple.tuple(AccessAction.FILE, martin, true),
            org.assertj.core.groups.Tuple.tuple(AccessAction.FETCH, martin, true),
            org.assertj.core.groups.Tuple.tuple(AccessAction.FETCH, Actor.patient(patient), true),
            org.assertj.core.groups.Tuple.tuple(AccessAction.HIDE, Actor.patient(patient), true),
            org.assertj.core.groups.Tuple.tuple(AccessAction.FETCH, martin, false),
            org.assertj.core.groups.Tuple.tuple(AccessAction.LIST, martin, true),
            org.assertj.core.groups.Tuple.tuple(AccessAction.FETCH, Actor.patient(patient), true),
            org.assertj.core.groups.Tuple.tuple(AccessAction.LIST, Actor.professional(DURAND), false),
            org.assertj.core.groups.Tuple.tuple(AccessAction.LIST, Actor.professional(DURAND), true),
            org.assertj.core.groups.Tuple.tuple(AccessAction.LIST, Actor.professional(DURAND), false),
            org.assertj.core.groups.Tuple.tuple(AccessAction.SHOW, Actor.admin("admin"), true),
            org.assertj.core.groups.Tuple.tuple(AccessAction.FETCH, martin, true),
            org.assertj.core.groups.Tuple.tuple(AccessAction.READ_HISTORY, Actor.patient(patient), true));
        assertThat(history).filteredOn(event -> event.action() == AccessAction.FETCH && !event.granted())
            .extracting(event -> event.denial().orElseThrow()).containsOnly(org.santegateway.dmp.DenialReason.HIDDEN_BY_PATIENT);

        // The WebAdmin routes give the same record.
        HttpResponse<String> list = webAdmin("GET", "/gateway/dmp/patients/" + INS_1 + "/documents");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(document.id().toString()).contains("\"11488-4\"").doesNotContain(canary);
        HttpResponse<String> content = webAdmin("GET", "/gateway/dmp/documents/" + document.id() + "/content");
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.body()).contains(canary);
        HttpResponse<String> accesses = webAdmin("GET", "/gateway/dmp/patients/" + INS_1 + "/access-history");
        assertThat(accesses.statusCode()).isEqualTo(200);
        assertThat(accesses.body()).contains("\"FETCH\"").contains("\"HIDE\"").contains("hidden_by_patient");
    }

    @Test
    void pdfSentToAPatientShouldBeFiledWithTheMetadataOfTheMessage() throws Exception {
        byte[] pdf = DmpTestDocuments.pdf(100 * 1024, 7);
        String messageId = send(MARTIN, message(MARTIN, List.of(PATIENT_3), "Ordonnance du jour", true, "ordonnance.pdf",
            "application/pdf", pdf));

        assertThat(awaitAcknowledgement(MARTIN, messageId)).doesNotContain("processed/error");
        List<DocumentMetadata> documents = patientDocuments(INS_3);
        assertThat(documents).singleElement().satisfies(document -> {
            assertThat(document.title()).isEqualTo("Ordonnance du jour");
            assertThat(document.mimeType()).isEqualTo("application/pdf");
            assertThat(document.size()).isEqualTo(pdf.length);
            assertThat(document.document().origin()).isEqualTo(DocumentOrigin.MESSAGE);
            assertThat(document.document().author()).hasValueSatisfying(author -> assertThat(author.id()).contains(MARTIN));
        });
    }

    @Nested
    class PatientIdentificationErrors {
        String errorMdn(String from, List<String> to, byte[] xdm) throws Exception {
            String messageId = send(from, message(from, to, "Compte rendu " + UUID.randomUUID(), true, "IHE_XDM.ZIP", "application/zip", xdm));
            String mdn = awaitAcknowledgement(from, messageId);
            assertThat(mdn).contains("report-type=disposition-notification")
                .contains("Disposition: automatic-action/MDN-sent-automatically; processed/error");
            return mdn;
        }

        @Test
        void unknownPatientShouldGiveAnErrorMdnNaming902() throws Exception {
            byte[] xdm = DmpTestDocuments.xdm(null, List.of(DmpTestDocuments.Doc.cda("DOC0902", UNKNOWN_INS, "Inconnu")));

            assertThat(errorMdn(MARTIN, List.of(DURAND), xdm)).contains("Error: 902");
        }

        @Test
        void missingInsShouldGiveAnErrorMdnNaming903AndStillDeliverTheMessage() throws Exception {
            byte[] pdf = DmpTestDocuments.pdf(2048, 903);
            byte[] xdm = DmpTestDocuments.xdm("IPP-1^^^&1.2.250.1.999.1.2&ISO",
                List.of(DmpTestDocuments.Doc.pdf("DOC0903", "IPP-1^^^&1.2.250.1.999.1.2&ISO", pdf)));
            String messageId = send(MARTIN, message(MARTIN, List.of(PATIENT_2), "Sans INS", true, "IHE_XDM.ZIP", "application/zip", xdm));

            assertThat(awaitAcknowledgement(MARTIN, messageId)).contains("processed/error").contains("Error: 903");
            awaitDelivered(PATIENT_2, messageId);
            assertThat(patientDocuments(INS_2)).isEmpty();
        }

        @Test
        void insOfAnotherPatientShouldGiveAnErrorMdnNaming904() throws Exception {
            byte[] xdm = DmpTestDocuments.xdm(DmpTestDocuments.insCx(INS_3),
                List.of(DmpTestDocuments.Doc.cda("DOC0904", INS_3, "Autre patient")));

            assertThat(errorMdn(MARTIN, List.of(PATIENT_2), xdm)).contains("Error: 904");
            assertThat(patientDocuments(INS_2)).isEmpty();
        }

        @Test
        void malformedInsShouldGiveAnErrorMdnNaming905() throws Exception {
            String badKey = INS_2.substring(0, 13) + (INS_2.endsWith("00") ? "01" : "00");
            byte[] pdf = DmpTestDocuments.pdf(2048, 905);
            byte[] xdm = DmpTestDocuments.xdm(null,
                List.of(DmpTestDocuments.Doc.pdf("DOC0905", DmpTestDocuments.insCx(badKey), pdf)));

            assertThat(errorMdn(MARTIN, List.of(PATIENT_2), xdm)).contains("Error: 905");
            assertThat(patientDocuments(INS_2)).isEmpty();
        }

        @Test
        void refusalWithoutMdnRequestShouldGiveANotice() throws Exception {
            byte[] xdm = DmpTestDocuments.xdm(DmpTestDocuments.insCx(INS_3),
                List.of(DmpTestDocuments.Doc.cda("DOC0904B", INS_3, "Autre patient, sans MDN")));
            String messageId = send(MARTIN, message(MARTIN, List.of(PATIENT_2), "Sans accusé", false, "IHE_XDM.ZIP", "application/zip", xdm));

            assertThat(awaitAcknowledgement(MARTIN, messageId)).contains("904").doesNotContain("disposition-notification")
                .contains("message/delivery-status", "Diagnostic-Code: x-mssante-dmp; 904");
        }
    }
}
