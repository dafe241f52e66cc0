package org.santegateway.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.santegateway.conversation.Fixtures.DURAND;
import static org.santegateway.conversation.Fixtures.MARTIN;
import static org.santegateway.conversation.Fixtures.PATIENT_1;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import javax.activation.DataHandler;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.OutcomeRecorder;
import org.santegateway.cda.CdaFixtures;
import org.santegateway.cda.CdaHeaderReader;
import org.santegateway.conversation.Fixtures;
import org.santegateway.delivery.QueueItem;
import org.santegateway.dmp.ContentSpooler;
import org.santegateway.dmp.DocumentOrigin;
import org.santegateway.dmp.Ins;
import org.santegateway.dmp.PatientIdentification;
import org.santegateway.filing.AttachmentFiler;
import org.santegateway.filing.MemoryDmpStore;
import org.santegateway.xdm.XdmFixtures;
import org.santegateway.xdm.XdmLimits;
import org.santegateway.xdm.XdmPackageReader;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class FileDocumentsInDmpTest {
    static final Ins PATIENT = new Ins(PATIENT_1.getLocalPart());
    static final MailAddress POSTMASTER = Fixtures.address("postmaster@hopital.test");

    @TempDir
    Path spool;
    MemoryDmpStore store;
    List<AuditEvent> audit;
    SimpleMeterRegistry meters;
    FakeMailContext context;
    // Queue items whose mail reached the recipients' mailboxes before a restart.
    final Set<String> deliveredQueueItems = new HashSet<>();
    FileDocumentsInDmp mailet;
    SetMssDocumentHeaders headers;

    @BeforeEach
    void setUp() throws Exception {
        store = new MemoryDmpStore();
        audit = new ArrayList<>();
        meters = new SimpleMeterRegistry();
        context = FakeMailContext.builder().postmaster(POSTMASTER).build();
        ContentSpooler spooler = new ContentSpooler(spool, ContentSpooler.DEFAULT_MEMORY_THRESHOLD);
        XdmPackageReader reader = new XdmPackageReader(XdmLimits.DEFAULTS, spooler, new CdaHeaderReader());
        mailet = new FileDocumentsInDmp(new AttachmentFiler(store, reader, new CdaHeaderReader(), spooler,
                new PatientIdentification(PATIENT::equals), XdmLimits.DEFAULTS.maxEntryBytes()),
            Fixtures.roles(), domain -> true, new OutcomeRecorder(audit::add, meters, Clock.systemUTC()),
            identifier -> "p" + Integer.toHexString(identifier.hashCode()),
            (queueItem, recipients) -> deliveredQueueItems.contains(queueItem) ? Set.copyOf(recipients) : Set.of());
        mailet.init(FakeMailetConfig.builder().mailetName("FileDocumentsInDmp").mailetContext(context).build());
        headers = new SetMssDocumentHeaders(reader);
        headers.init(FakeMailetConfig.builder().mailetName("SetMssDocumentHeaders").mailetContext(context).build());
    }

    static MimeMessage message(MailAddress from, List<MailAddress> to, boolean askMdn, String fileName, String type, byte[] attachment)
        throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(from.asString()));
        for (MailAddress recipient : to) {
            message.addRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(recipient.asString()));
        }
        message.setSubject("Compte rendu", "UTF-8");
        message.setHeader("Message-ID", "<test-" + System.nanoTime() + "@hopital.test>");
        if (askMdn) {
            message.setHeader("Disposition-Notification-To", from.asString());
        }
        MimeMultipart multipart = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Ci-joint.", "UTF-8");
        multipart.addBodyPart(text);
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment, type)));
        file.setFileName(fileName);
        multipart.addBodyPart(file);
        message.setContent(multipart);
        message.saveChanges();
        message.setHeader("Message-ID", "<test-" + System.nanoTime() + "@hopital.test>");
        return message;
    }

    static FakeMail mail(MailAddress from, List<MailAddress> to, MimeMessage message) throws MessagingException {
        return FakeMail.builder().name("mail").sender(from).recipients(to).mimeMessage(message)
            .attribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of(from.asString()))).build();
    }

    FakeMail serviceXdm(boolean askMdn, byte[] zip) throws Exception {
        FakeMail mail = mail(MARTIN, List.of(PATIENT_1), message(MARTIN, List.of(PATIENT_1), askMdn, "IHE_XDM.ZIP", "application/zip", zip));
        mailet.service(mail);
        return mail;
    }

    static String raw(MimeMessage message) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        message.writeTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    String onlyAcknowledgement() throws Exception {
        assertThat(context.getSentMails()).hasSize(1);
        FakeMailContext.SentMail sent = context.getSentMails().get(0);
        // A notice: null envelope sender, From: the postmaster.
        assertThat(sent.getSender() == null || sent.getSender().isNullSender()).isTrue();
        assertThat(sent.getRecipients()).containsExactly(MARTIN);
        assertThat(sent.getMsg().getFrom()).extracting(Object::toString).containsExactly(POSTMASTER.asString());
        return raw(sent.getMsg());
    }

    double counted(String outcome, String reason) {
        var counter = meters.find(FileDocumentsInDmp.METRIC).tag("outcome", outcome).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Nested
    class Filing {
        @Test
        void xdmToThePatientShouldBeFiledAndAcknowledgedByAProcessedMdn() throws Exception {
            byte[] zip = XdmFixtures.xdm(XdmFixtures.insCx(PATIENT.matricule()), XdmFixtures.Doc.cda("Doc1", "DOC0001.XML", PATIENT.matricule()));

            FakeMail mail = serviceXdm(true, zip);

            assertThat(store.of(PATIENT)).singleElement().satisfies(document -> {
                assertThat(document.document().origin()).isEqualTo(DocumentOrigin.XDM);
                assertThat(document.typeCode().orElseThrow().code()).isEqualTo("11488-4");
            });
            assertThat(onlyAcknowledgement()).contains("processed").doesNotContain("processed/error");
            assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
            assertThat(mail.getRecipients()).containsExactly(PATIENT_1);
            assertThat(counted("filed", "none")).isEqualTo(1);
            assertThat(audit).singleElement().satisfies(event -> {
                assertThat(event.action()).isEqualTo("dmp.file");
                assertThat(event.outcome()).isEqualTo("filed");
                assertThat(String.join(" ", event.objectIds())).doesNotContain(PATIENT.matricule());
            });
        }

        @Test
        void xdmSentTwiceShouldBeFiledOnce() throws Exception {
            byte[] zip = XdmFixtures.xdm(XdmFixtures.insCx(PATIENT.matricule()), XdmFixtures.Doc.cda("Doc1", "DOC0001.XML", PATIENT.matricule()));
            serviceXdm(false, zip);
            serviceXdm(false, zip);

            assertThat(store.of(PATIENT)).hasSize(1);
            assertThat(counted("duplicate", "none")).isEqualTo(1);
            assertThat(context.getSentMails()).isEmpty();
        }

        @Test
        void queueItemHandedOutAgainAfterItsDeliveryShouldNotBeAcknowledgedTwice() throws Exception {
            byte[] zip = XdmFixtures.xdm(XdmFixtures.insCx(PATIENT.matricule()), XdmFixtures.Doc.cda("Doc1", "DOC0001.XML", PATIENT.matricule()));
            MimeMessage message = message(MARTIN, List.of(PATIENT_1), true, "IHE_XDM.ZIP", "application/zip", zip);
            FakeMail first = mail(MARTIN, List.of(PATIENT_1), message);
            first.setAttribute(new Attribute(QueueItem.ATTRIBUTE, AttributeValue.of("queue-item-1")));
            mailet.service(first);
            assertThat(onlyAcknowledgement()).contains("processed");

            // The gateway stopped after local delivery, before the queue's acknowledgement.
            deliveredQueueItems.add("queue-item-1");
            FakeMail again = mail(MARTIN, List.of(PATIENT_1), message);
            again.setAttribute(new Attribute(QueueItem.ATTRIBUTE, AttributeValue.of("queue-item-1")));
            mailet.service(again);

            assertThat(context.getSentMails()).hasSize(1);
            assertThat(store.of(PATIENT)).hasSize(1);
        }

        @Test
        void queueItemHandedOutAgainBeforeItsDeliveryShouldBeAcknowledged() throws Exception {
            byte[] zip = XdmFixtures.xdm(XdmFixtures.insCx(PATIENT.matricule()), XdmFixtures.Doc.cda("Doc1", "DOC0001.XML", PATIENT.matricule()));
            FakeMail mail = mail(MARTIN, List.of(PATIENT_1), message(MARTIN, List.of(PATIENT_1), true, "IHE_XDM.ZIP", "application/zip", zip));
            mail.setAttribute(new Attribute(QueueItem.ATTRIBUTE, AttributeValue.of("queue-item-2")));

            mailet.service(mail);

            assertThat(onlyAcknowledgement()).contains("processed");
        }

        @Test
        void aTextOrRtfAttachmentShouldNotBeFiledNorRefused() throws Exception {
            mailet.service(mail(MARTIN, List.of(PATIENT_1), message(MARTIN, List.of(PATIENT_1), true, "notes.txt", "text/plain",
                "Notes de consultation".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            mailet.service(mail(MARTIN, List.of(PATIENT_1), message(MARTIN, List.of(PATIENT_1), true, "lettre.rtf", "application/rtf",
                "{\\rtf1 Lettre}".getBytes(java.nio.charset.StandardCharsets.UTF_8))));

            assertThat(store.of(PATIENT)).isEmpty();
            assertThat(context.getSentMails()).isEmpty();
        }

        @Test
        void bareCdaShouldBeFiledFromItsHeader() throws Exception {
            mailet.service(mail(MARTIN, List.of(PATIENT_1), message(MARTIN, List.of(PATIENT_1), false, "cr.xml", "text/xml",
                CdaFixtures.bytes(CdaFixtures.cda(PATIENT.matricule())))));

            assertThat(store.of(PATIENT)).singleElement().satisfies(document -> {
                assertThat(document.document().origin()).isEqualTo(DocumentOrigin.CDA);
                assertThat(document.title()).isEqualTo("Compte rendu de consultation de cardiologie");
            });
        }

        @Test
        void pdfShouldBeFiledForThePatientAddresseeWithTheMessageMetadata() throws Exception {
            mailet.service(mail(MARTIN, List.of(PATIENT_1), message(MARTIN, List.of(PATIENT_1), false, "ordonnance.pdf",
                "application/octet-stream", XdmFixtures.pdf(10_000, 1))));

            assertThat(store.of(PATIENT)).singleElement().satisfies(document -> {
                assertThat(document.mimeType()).isEqualTo("application/pdf");
                assertThat(document.title()).isEqualTo("Compte rendu");
                assertThat(document.document().author().orElseThrow().id()).contains(MARTIN.asString());
            });
        }

        @Test
        void mailFromAPatientShouldFileNothing() throws Exception {
            mailet.service(mail(PATIENT_1, List.of(MARTIN), message(PATIENT_1, List.of(MARTIN), true, "doc.pdf", "application/pdf",
                XdmFixtures.pdf(1000, 2))));

            assertThat(store.documents).isEmpty();
            assertThat(context.getSentMails()).isEmpty();
        }

        @Test
        void reportShouldNeverBeAcknowledgedWhateverItAsks() throws Exception {
            MimeMessage report = message(MARTIN, List.of(PATIENT_1), true, "doc.pdf", "application/pdf", XdmFixtures.pdf(1000, 4));
            report.setHeader("Content-Type", "multipart/report; report-type=disposition-notification; boundary=\"b\"");

            mailet.service(mail(MARTIN, List.of(PATIENT_1), report));

            assertThat(context.getSentMails()).isEmpty();
        }

        @Test
        void pdfBetweenProfessionalsShouldFileNothingAndSayNothing() throws Exception {
            mailet.service(mail(MARTIN, List.of(DURAND), message(MARTIN, List.of(DURAND), true, "doc.pdf", "application/pdf",
                XdmFixtures.pdf(1000, 3))));

            assertThat(store.documents).isEmpty();
            assertThat(context.getSentMails()).isEmpty();
        }

        @Test
        void storeFailureShouldThrowSoThatTheMailGoesToTheErrorRepository() throws Exception {
            store.failing = true;
            byte[] zip = XdmFixtures.xdm(XdmFixtures.insCx(PATIENT.matricule()), XdmFixtures.Doc.cda("Doc1", "DOC0001.XML", PATIENT.matricule()));

            assertThatThrownBy(() -> serviceXdm(true, zip)).isInstanceOf(MessagingException.class);
            assertThat(context.getSentMails()).isEmpty();
        }
    }

    @Nested
    class Refusals {
        String refusedWith(byte[] zip) throws Exception {
            serviceXdm(true, zip);
            assertThat(store.documents).isEmpty();
            String mdn = onlyAcknowledgement();
            assertThat(mdn).contains("processed/error");
            return mdn;
        }

        @Test
        void zipBombShouldBeRefused() throws Exception {
            byte[] zip = XdmFixtures.xdmBuilder(XdmFixtures.insCx(PATIENT.matricule()))
                .zeros("IHE_XDM/SUBSET01/BOMB.PDF", 20L << 20).build();

            assertThat(refusedWith(zip)).contains("xdm.zip_bomb");
            assertThat(counted("refused", "xdm.zip_bomb")).isEqualTo(1);
        }

        @Test
        void pathTraversalShouldBeRefused() throws Exception {
            byte[] zip = XdmFixtures.xdmBuilder(XdmFixtures.insCx(PATIENT.matricule()), XdmFixtures.Doc.cda("Doc1", "DOC0001.XML", PATIENT.matricule()))
                .entry("../../etc/evil", "x").build();

            assertThat(refusedWith(zip)).contains("xdm.unsafe_entry_name");
        }

        @Test
        void declaredHashMismatchShouldBeRefused() throws Exception {
            byte[] zip = XdmFixtures.xdm(XdmFixtures.insCx(PATIENT.matricule()),
                XdmFixtures.Doc.cda("Doc1", "DOC0001.XML", PATIENT.matricule()).declaredHash("0".repeat(40)));

            assertThat(refusedWith(zip)).contains("hash_mismatch");
        }

        @Test
        void metadataWithExternalEntitiesShouldBeRefused() throws Exception {
            byte[] zip = new XdmFixtures.ZipBuilder()
                .entry("IHE_XDM/SUBSET01/METADATA.XML", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>")
                .build();

            assertThat(refusedWith(zip)).contains("xdm.malformed_metadata");
        }

        @Test
        void nestedZipShouldBeRefused() throws Exception {
            byte[] inner = new XdmFixtures.ZipBuilder().entry("a.txt", "a").build();
            byte[] zip = XdmFixtures.xdm(XdmFixtures.insCx(PATIENT.matricule()),
                XdmFixtures.Doc.pdf("Doc1", "DOC0001.PDF", PATIENT.matricule(), 100).content(inner));

            assertThat(refusedWith(zip)).contains("nested_archive");
        }

        @Test
        void unsupportedTypeShouldBeRefusedWithANoticeWhenNoMdnWasAsked() throws Exception {
            mailet.service(mail(MARTIN, List.of(PATIENT_1), message(MARTIN, List.of(PATIENT_1), false, "lettre.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK-not-really".getBytes(StandardCharsets.US_ASCII))));

            assertThat(store.documents).isEmpty();
            assertThat(onlyAcknowledgement()).contains("unsupported_type").doesNotContain("disposition-notification")
                .contains("report-type=delivery-status", "Action: delivered", "Diagnostic-Code: x-mssante-dmp;");
        }

        @Test
        void unknownPatientShouldBeRefusedWith902() throws Exception {
            MailAddress stranger = Fixtures.PATIENT_2;
            mailet.service(mail(MARTIN, List.of(stranger), message(MARTIN, List.of(stranger), true, "doc.pdf", "application/pdf",
                XdmFixtures.pdf(1000, 4))));

            assertThat(store.documents).isEmpty();
            assertThat(onlyAcknowledgement()).contains("Error: 902");
        }

        @Test
        void undecodableAttachmentShouldBeRefusedWithoutFailingTheMail() throws Exception {
            String raw = "From: " + MARTIN.asString() + "\r\nTo: " + PATIENT_1.asString() + "\r\nSubject: x\r\n"
                + "Message-ID: <broken@hopital.test>\r\nDisposition-Notification-To: " + MARTIN.asString() + "\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nCi-joint.\r\n"
                + "--b\r\nContent-Type: application/pdf; name=doc.pdf\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=doc.pdf\r\n\r\nJVBERi0x%%%%\u00e9\u00e9=A=B=\r\n--b--\r\n";
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                new java.io.ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));

            mailet.service(mail(MARTIN, List.of(PATIENT_1), message));

            assertThat(store.documents).isEmpty();
            assertThat(onlyAcknowledgement()).contains("processed/error").contains("unreadable_attachment");
        }

        @Test
        void truncatedZipShouldBeRefused() throws Exception {
            byte[] zip = XdmFixtures.xdm(XdmFixtures.insCx(PATIENT.matricule()), XdmFixtures.Doc.cda("Doc1", "DOC0001.XML", PATIENT.matricule()));

            assertThat(refusedWith(java.util.Arrays.copyOf(zip, zip.length / 2))).contains("xdm.corrupt");
        }
    }

    @Nested
    class MssHeaders {
        @Test
        void xdmWithCdaShouldGetTheCodeAndInsHeaders() throws Exception {
            byte[] zip = XdmFixtures.xdm(XdmFixtures.insCx(PATIENT.matricule()), XdmFixtures.Doc.cda("Doc1", "DOC0001.XML", PATIENT.matricule()));
            FakeMail mail = mail(MARTIN, List.of(DURAND), message(MARTIN, List.of(DURAND), false, "IHE_XDM.ZIP", "application/zip", zip));

            headers.service(mail);

            assertThat(mail.getMessage().getHeader("X-MSS-CODECDA")).containsExactly("11488-4");
            assertThat(mail.getMessage().getHeader("X-MSS-INS")).containsExactly("O");
        }

        @Test
        void messageWithoutCdaShouldLoseHeadersAClientSet() throws Exception {
            MimeMessage message = message(MARTIN, List.of(DURAND), false, "doc.pdf", "application/pdf", XdmFixtures.pdf(100, 5));
            message.setHeader("X-MSS-CODECDA", "forged");
            message.setHeader("X-MSS-INS", "O");
            FakeMail mail = mail(MARTIN, List.of(DURAND), message);

            headers.service(mail);

            assertThat(mail.getMessage().getHeader("X-MSS-CODECDA")).isNull();
            assertThat(mail.getMessage().getHeader("X-MSS-INS")).isNull();
        }
    }
}
