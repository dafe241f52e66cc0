package org.santegateway.smime;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSAlgorithm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.OutcomeRecorder;
import org.santegateway.mailets.ProtectSmime;
import org.santegateway.mailets.SmimeKeyring;
import org.santegateway.mailets.UnwrapSmime;
import org.santegateway.smime.certificates.CertificateDirectory;
import org.santegateway.smime.certificates.DecryptionKeyLookup;
import org.santegateway.smime.certificates.PemCertificateDirectory;
import org.santegateway.smime.certificates.SigningIdentity;
import org.santegateway.smime.certificates.SmimeCapabilities;
import org.santegateway.smime.certificates.VerifiedSigner;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The S/MIME mailets over the engine, with James's fake mail and context: {@link ProtectSmime} on
 * the way out, {@link UnwrapSmime} on the way in. (In this package for the shared test PKI.)
 */
class SmimeMailetsTest {
    static final TestPki PKI = TestPki.get();
    static final String ALICE = "alice@hopital-a.fr";
    static final String BOB = "bob@operateur-b.fr";

    final List<AuditEvent> events = new ArrayList<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    FakeMailContext context;

    @BeforeEach
    void setUp() throws Exception {
        context = FakeMailContext.builder().postmaster(new MailAddress("postmaster@hopital-a.fr")).build();
    }

    static SmimeKeyring keyring(String domain, TestPki.Issued holder) {
        return new SmimeKeyring() {
            @Override
            public Optional<SigningIdentity> signerFor(MailAddress sender) {
                return sender.getDomain().asString().equals(domain) ? Optional.of(holder.signingIdentity()) : Optional.empty();
            }

            @Override
            public Optional<SigningIdentity> gatewaySigner() {
                return Optional.of(holder.signingIdentity());
            }

            @Override
            public DecryptionKeyLookup decryptionKeys() {
                return PKI.keysOf(holder);
            }
        };
    }

    ProtectSmime protect(Map<String, X509Certificate> directory, String signOnlyDomains) throws Exception {
        return protect(directory, signOnlyDomains, "");
    }

    ProtectSmime protect(Map<String, X509Certificate> directory, String signOnlyDomains, String cbcDomains) throws Exception {
        return protect(PemCertificateDirectory.of(directory, Clock.systemUTC(), 10), signOnlyDomains, cbcDomains);
    }

    ProtectSmime protect(CertificateDirectory directory, String signOnlyDomains, String cbcDomains) throws Exception {
        return protect(directory, signOnlyDomains, cbcDomains, "");
    }

    ProtectSmime protect(CertificateDirectory directory, String signOnlyDomains, String cbcDomains, String oaepDomains) throws Exception {
        ProtectSmime mailet = new ProtectSmime(new SmimeOutbound(Clock.systemUTC()), directory,
            keyring("hopital-a.fr", PKI.alice), new OutcomeRecorder(events::add, meters, Clock.systemUTC()));
        mailet.init(FakeMailetConfig.builder().mailetName("ProtectSmime").mailetContext(context)
            .setProperty("signOnlyDomains", signOnlyDomains).setProperty("cbcDomains", cbcDomains).setProperty("oaepDomains", oaepDomains)
            .build());
        return mailet;
    }

    UnwrapSmime unwrap(PemCertificateDirectory directory) throws Exception {
        return unwrap(directory, SignerMatch.DEFAULT);
    }

    UnwrapSmime unwrap(PemCertificateDirectory directory, SignerMatch signerMatch) throws Exception {
        UnwrapSmime mailet = new UnwrapSmime(new SmimeInbound(PKI.trust(), Clock.systemUTC()), keyring("operateur-b.fr", PKI.bob), directory,
            signerMatch, new OutcomeRecorder(events::add, meters, Clock.systemUTC()));
        mailet.init(FakeMailetConfig.builder().mailetName("UnwrapSmime").mailetContext(context).build());
        return mailet;
    }

    static FakeMail mail(MimeMessage message, String... recipients) throws Exception {
        FakeMail.Builder builder = FakeMail.builder().name("mail").sender(ALICE).mimeMessage(message).state("relay");
        for (String recipient : recipients) {
            builder.recipient(recipient);
        }
        return builder.build();
    }

    @Nested
    class Protect {
        @Test
        void messageShouldBeSignedAndEncryptedThenOpenedWithTheVerifiedSigner() throws Exception {
            FakeMail mail = mail(TestMessages.parse(TestMessages.SIMPLE), BOB);
            protect(Map.of("operateur-b.fr", PKI.bob.certificate()), "").service(mail);

            assertThat(mail.getState()).isEqualTo("relay");
            assertThat(SmimeDetector.detect(mail.getMessage())).isEqualTo(SmimeProtection.ENCRYPTED);
            assertThat(mail.getMessage().getSubject()).isEqualTo("Compte rendu");

            PemCertificateDirectory learning = PemCertificateDirectory.of(Map.of(), Clock.systemUTC(), 10);
            FakeMail inbound = mail(TestMessages.reparse(mail.getMessage()), BOB);
            inbound.getMessage().setHeader(UnwrapSmime.SIGNER_HEADER, "CN=forged");
            unwrap(learning).service(inbound);

            assertThat(inbound.getState()).isEqualTo("relay");
            assertThat(inbound.getMessage().getHeader(UnwrapSmime.SIGNER_HEADER)).containsExactly(PKI.alice.certificate().getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253));
            assertThat(inbound.getMessage().getHeader(UnwrapSmime.PROTECTION_HEADER)[0]).contains("encrypted=AES-256-GCM").contains("signed=");
            assertThat(inbound.getAttribute(UnwrapSmime.SIGNER)).isPresent();
            assertThat(inbound.getAttribute(org.santegateway.smtp.OperatorSenderHook.OPERATOR)).isEmpty();
            assertThat(TestMessages.text(inbound.getMessage())).contains("Voici le compte rendu.");
            // Replies to the signer can now be encrypted.
            assertThat(learning.findEncryptionCertificate(ALICE)).contains(PKI.alice.certificate());
            assertThat(meters.counter("gateway.smime", "operation", "unwrap", "outcome", "decrypted-verified", "reason", "none").count())
                .isEqualTo(1);
        }

        @Test
        void recipientWhoseSoftwareCannotReadGcmShouldGetAesCbc() throws Exception {
            FakeMail mail = mail(TestMessages.parse(TestMessages.SIMPLE), BOB);
            protect(Map.of("operateur-b.fr", PKI.bob.certificate()), "", "operateur-b.fr").service(mail);

            assertThat(mail.getMessage().getContentType()).contains("smime-type=enveloped-data");
            FakeMail inbound = mail(TestMessages.reparse(mail.getMessage()), BOB);
            unwrap(PemCertificateDirectory.of(Map.of(), Clock.systemUTC(), 10)).service(inbound);

            assertThat(inbound.getState()).isEqualTo("relay");
            assertThat(inbound.getMessage().getHeader(UnwrapSmime.PROTECTION_HEADER)[0]).contains("encrypted=AES-256-CBC");
            assertThat(TestMessages.text(inbound.getMessage())).contains("Voici le compte rendu.");
        }

        @Test
        void correspondentWhoseSignatureAnnouncedNoGcmShouldGetAesCbc() throws Exception {
            PemCertificateDirectory directory = PemCertificateDirectory.of(Map.of(), Clock.systemUTC(), 10);
            directory.learn(new VerifiedSigner(PKI.bob.certificate(), List.of(PKI.bob.certificate()), Optional.empty(), "SHA-256",
                SmimeCapabilities.of(List.of(CMSAlgorithm.AES256_CBC.getId(), CMSAlgorithm.AES128_CBC.getId()))));
            FakeMail mail = mail(TestMessages.parse(TestMessages.SIMPLE), BOB);
            protect(directory, "", "").service(mail);

            assertThat(mail.getMessage().getContentType()).contains("smime-type=enveloped-data");
            // It announced no id-RSAES-OAEP: the content key goes with RSA PKCS#1 v1.5.
            assertThat(keyTransports(mail.getMessage())).containsExactly(PKCSObjectIdentifiers.rsaEncryption.getId());
            FakeMail inbound = mail(TestMessages.reparse(mail.getMessage()), BOB);
            unwrap(PemCertificateDirectory.of(Map.of(), Clock.systemUTC(), 10)).service(inbound);
            assertThat(inbound.getMessage().getHeader(UnwrapSmime.PROTECTION_HEADER)[0]).contains("encrypted=AES-256-CBC");
        }

        @Test
        void correspondentWhoseSignatureAnnouncedCbcAndOaepShouldGetAesCbcWithOaep() throws Exception {
            PemCertificateDirectory directory = PemCertificateDirectory.of(Map.of(), Clock.systemUTC(), 10);
            directory.learn(new VerifiedSigner(PKI.bob.certificate(), List.of(PKI.bob.certificate()), Optional.empty(), "SHA-256",
                SmimeCapabilities.of(List.of(CMSAlgorithm.AES256_CBC.getId(), PKCSObjectIdentifiers.id_RSAES_OAEP.getId()))));
            FakeMail mail = mail(TestMessages.parse(TestMessages.SIMPLE), BOB);
            protect(directory, "", "").service(mail);

            assertThat(mail.getMessage().getContentType()).contains("smime-type=enveloped-data");
            assertThat(keyTransports(mail.getMessage())).containsExactly(PKCSObjectIdentifiers.id_RSAES_OAEP.getId());
        }

        @Test
        void cbcDomainShouldGetPkcs1UnlessItIsAnOaepDomain() throws Exception {
            FakeMail cbc = mail(TestMessages.parse(TestMessages.SIMPLE), BOB);
            protect(Map.of("operateur-b.fr", PKI.bob.certificate()), "", "operateur-b.fr").service(cbc);
            FakeMail cbcOaep = mail(TestMessages.parse(TestMessages.SIMPLE), BOB);
            protect(PemCertificateDirectory.of(Map.of("operateur-b.fr", PKI.bob.certificate()), Clock.systemUTC(), 10), "", "operateur-b.fr",
                "operateur-b.fr").service(cbcOaep);

            assertThat(cbc.getMessage().getContentType()).contains("smime-type=enveloped-data");
            assertThat(keyTransports(cbc.getMessage())).containsExactly(PKCSObjectIdentifiers.rsaEncryption.getId());
            assertThat(cbcOaep.getMessage().getContentType()).contains("smime-type=enveloped-data");
            assertThat(keyTransports(cbcOaep.getMessage())).containsExactly(PKCSObjectIdentifiers.id_RSAES_OAEP.getId());
        }

        @Test
        void recipientThatAnnouncedNothingShouldKeepGcmWithOaep() throws Exception {
            FakeMail mail = mail(TestMessages.parse(TestMessages.SIMPLE), BOB);
            protect(Map.of("operateur-b.fr", PKI.bob.certificate()), "").service(mail);

            assertThat(mail.getMessage().getContentType()).contains("smime-type=authEnveloped-data");
            assertThat(keyTransports(mail.getMessage())).containsExactly(PKCSObjectIdentifiers.id_RSAES_OAEP.getId());
        }

        @Test
        void correspondentWhoseSignatureAnnouncedGcmShouldGetAesGcm() throws Exception {
            PemCertificateDirectory directory = PemCertificateDirectory.of(Map.of(), Clock.systemUTC(), 10);
            directory.learn(new VerifiedSigner(PKI.bob.certificate(), List.of(PKI.bob.certificate()), Optional.empty(), "SHA-256",
                SmimeCapabilities.of(List.of(CMSAlgorithm.AES256_GCM.getId(), CMSAlgorithm.AES256_CBC.getId()))));
            FakeMail mail = mail(TestMessages.parse(TestMessages.SIMPLE), BOB);
            protect(directory, "", "").service(mail);

            assertThat(mail.getMessage().getContentType()).contains("smime-type=authEnveloped-data");
            assertThat(keyTransports(mail.getMessage())).containsExactly(PKCSObjectIdentifiers.id_RSAES_OAEP.getId());
        }

        @Test
        void recipientWithoutCertificateShouldGoToTheUnprotectableProcessorNeverInClear() throws Exception {
            MimeMessage original = TestMessages.parse(TestMessages.SIMPLE);
            FakeMail mail = mail(original, BOB);
            protect(Map.of(), "").service(mail);

            assertThat(mail.getState()).isEqualTo("smime-unprotectable");
            assertThat(mail.getErrorMessage()).contains("No encryption certificate");
            assertThat(events).anySatisfy(event -> assertThat(event.reason()).contains("no_recipient_certificate"));
            assertThat(meters.counter("gateway.smime", "operation", "protect", "outcome", "refused", "reason", "no_recipient_certificate").count())
                .isEqualTo(1);
        }

        @Test
        void recipientsShouldBeSplitBetweenProtectedAndUnprotectable() throws Exception {
            FakeMail mail = mail(TestMessages.parse(TestMessages.SIMPLE), BOB, "carol@elsewhere.fr");
            protect(Map.of("operateur-b.fr", PKI.bob.certificate()), "").service(mail);

            assertThat(mail.getRecipients()).containsExactly(new MailAddress(BOB));
            assertThat(SmimeDetector.detect(mail.getMessage())).isEqualTo(SmimeProtection.ENCRYPTED);
            assertThat(context.getSentMails()).singleElement().satisfies(sent -> {
                assertThat(sent.getRecipients()).containsExactly(new MailAddress("carol@elsewhere.fr"));
                assertThat(sent.getState()).isEqualTo("smime-unprotectable");
            });
        }

        @Test
        void signOnlyDomainShouldGetASignedMessageWhenNoCertificateIsKnown() throws Exception {
            FakeMail mail = mail(TestMessages.parse(TestMessages.SIMPLE), BOB);
            protect(Map.of(), "operateur-b.fr").service(mail);

            assertThat(mail.getState()).isEqualTo("relay");
            assertThat(SmimeDetector.detect(mail.getMessage())).isEqualTo(SmimeProtection.SIGNED);
        }

        @Test
        void messageAlreadySignedByTheClientShouldPassThroughUntouched() throws Exception {
            MimeMessage signed = TestMessages.reparse(new SmimeOutbound(Clock.systemUTC()).sign(TestMessages.parse(TestMessages.SIMPLE),
                PKI.alice.signingIdentity()));
            FakeMail mail = mail(signed, BOB);
            protect(Map.of(), "").service(mail);

            assertThat(mail.getMessage()).isSameAs(signed);
            assertThat(mail.getState()).isEqualTo("relay");
        }

        @Test
        void deliveryNotificationShouldBeSignedByTheGateway() throws Exception {
            FakeMail mail = FakeMail.builder().name("dsn").sender(org.apache.james.core.MaybeSender.nullSender()).recipient(BOB)
                .mimeMessage(TestMessages.parse(TestMessages.SIMPLE)).state("relay").build();
            protect(Map.of("operateur-b.fr", PKI.bob.certificate()), "").service(mail);

            assertThat(mail.getState()).isEqualTo("relay");
            assertThat(SmimeDetector.detect(mail.getMessage())).isEqualTo(SmimeProtection.ENCRYPTED);
        }

        @Test
        void gatewayNoticeShouldBeSignedOnlyWhenTheRecipientsCertificateIsUnknown() throws Exception {
            FakeMail mail = FakeMail.builder().name("dsn").sender(org.apache.james.core.MaybeSender.nullSender()).recipient(BOB)
                .attribute(Mail.SENT_BY_MAILET_ATTRIBUTE).mimeMessage(TestMessages.parse(TestMessages.SIMPLE)).state("relay").build();
            protect(Map.of(), "").service(mail);

            assertThat(mail.getState()).isEqualTo("relay");
            assertThat(SmimeDetector.detect(mail.getMessage())).isEqualTo(SmimeProtection.SIGNED);
            assertThat(context.getSentMails()).isEmpty();
        }

        @Test
        void nullSenderMailThatNoMailetSentShouldKeepTheEncryptionPolicy() throws Exception {
            FakeMail mail = FakeMail.builder().name("dsn").sender(org.apache.james.core.MaybeSender.nullSender()).recipient(BOB)
                .mimeMessage(TestMessages.parse(TestMessages.SIMPLE)).state("relay").build();
            protect(Map.of(), "").service(mail);

            assertThat(mail.getState()).isEqualTo("smime-unprotectable");
        }

        @Test
        void senderWithoutSigningKeyShouldNotBeRelayed() throws Exception {
            FakeMail mail = FakeMail.builder().name("mail").sender("someone@unknown-domain.fr").recipient(BOB)
                .mimeMessage(TestMessages.parse(TestMessages.SIMPLE)).state("relay").build();
            protect(Map.of("operateur-b.fr", PKI.bob.certificate()), "").service(mail);

            assertThat(mail.getState()).isEqualTo("smime-unprotectable");
        }
    }

    @Nested
    class Unwrap {
        @Test
        void gcmMessageWithOneByteFlippedShouldBeQuarantinedAsAnIntegrityFailureNotAsNotForUs() throws Exception {
            MimeMessage encrypted = TestMessages.reparse(new SmimeOutbound(Clock.systemUTC()).signAndEncrypt(
                TestMessages.parse(TestMessages.SIMPLE), PKI.alice.signingIdentity(), List.of(PKI.bob.recipient())));
            FakeMail mail = mail(TestMessages.withEncryptedContentTampered(encrypted), BOB);
            unwrap(PemCertificateDirectory.of(Map.of(), Clock.systemUTC(), 10)).service(mail);

            assertThat(mail.getState()).isEqualTo("smime-quarantine");
            assertThat(failure(mail)).contains("integrity");
            assertThat(mail.getErrorMessage()).contains("integrity check").contains("altered")
                .doesNotContain("not encrypted for").doesNotContain("Voici");
            assertThat(meters.counter("gateway.smime", "operation", "unwrap", "outcome", "quarantined", "reason", "integrity").count())
                .isEqualTo(1);
            assertThat(events).anySatisfy(event -> assertThat(event.reason()).contains("integrity"));
        }

        @Test
        void messageNotEncryptedForThisGatewayShouldStillBeNamedSo() throws Exception {
            MimeMessage encrypted = TestMessages.reparse(new SmimeOutbound(Clock.systemUTC()).signAndEncrypt(
                TestMessages.parse(TestMessages.SIMPLE), PKI.alice.signingIdentity(), List.of(PKI.alice.recipient())));
            FakeMail mail = mail(encrypted, BOB);
            unwrap(PemCertificateDirectory.of(Map.of(), Clock.systemUTC(), 10)).service(mail);

            assertThat(failure(mail)).contains("cannot_decrypt");
            assertThat(mail.getErrorMessage()).contains("not encrypted for a certificate of this gateway");
        }

        @Test
        void unsignedMessageShouldBeQuarantined() throws Exception {
            FakeMail mail = mail(TestMessages.parse(TestMessages.SIMPLE), BOB);
            unwrap(PemCertificateDirectory.of(Map.of(), Clock.systemUTC(), 10)).service(mail);

            assertThat(mail.getState()).isEqualTo("smime-quarantine");
            assertThat(mail.getErrorMessage()).contains("not signed");
        }

        @Test
        void messageSignedUnderAnUnknownCaShouldBeQuarantined() throws Exception {
            MimeMessage signed = TestMessages.reparse(new SmimeOutbound(Clock.systemUTC()).sign(TestMessages.parse(TestMessages.SIMPLE),
                PKI.stranger.signingIdentity()));
            FakeMail mail = mail(signed, BOB);
            unwrap(PemCertificateDirectory.of(Map.of(), Clock.systemUTC(), 10)).service(mail);

            assertThat(mail.getState()).isEqualTo("smime-quarantine");
            assertThat(failure(mail)).contains("unknown_ca");
        }
    }

    /**
     * The signer must be the sender's: {@code From: dr.pair@hopital-a.fr} signed by a certificate
     * of another person or organisation is quarantined, whatever else verifies.
     */
    @Nested
    class SignerAndSender {
        static final String DR_PAIR = "dr.pair@hopital-a.fr";

        MimeMessage signedBy(TestPki.Issued signer, String from) throws Exception {
            MimeMessage message = TestMessages.parse(TestMessages.SIMPLE.replace("Alice Martin <alice@hopital-a.fr>", from));
            return TestMessages.reparse(new SmimeOutbound(Clock.systemUTC()).signAndEncrypt(message, signer.signingIdentity(),
                List.of(PKI.bob.recipient())));
        }

        FakeMail unwrapped(SignerMatch mode, TestPki.Issued signer, String from) throws Exception {
            FakeMail mail = mail(signedBy(signer, from), BOB);
            unwrap(PemCertificateDirectory.of(Map.of(), Clock.systemUTC(), 10), mode).service(mail);
            return mail;
        }

        @Test
        void forgedFromSignedByAnotherOrganisationsCertificateShouldBeQuarantinedCountedAndAudited() throws Exception {
            PemCertificateDirectory learning = PemCertificateDirectory.of(Map.of(), Clock.systemUTC(), 10);
            FakeMail mail = mail(signedBy(PKI.organisationB, "Dr Pair <" + DR_PAIR + ">"), BOB);
            unwrap(learning).service(mail);

            assertThat(mail.getState()).isEqualTo("smime-quarantine");
            assertThat(failure(mail)).contains("signer_mismatch");
            assertThat(mail.getErrorMessage()).contains("does not belong to its sender").doesNotContain("hopital").doesNotContain("Voici");
            assertThat(mail.getAttribute(UnwrapSmime.SIGNER)).isEmpty();
            assertThat(meters.counter("gateway.smime", "operation", "unwrap", "outcome", "quarantined", "reason", "signer_mismatch").count())
                .isEqualTo(1);
            assertThat(events).anySatisfy(event -> {
                assertThat(event.action()).isEqualTo("smime.unwrap");
                assertThat(event.outcome()).isEqualTo("quarantined");
                assertThat(event.reason()).contains("signer_mismatch");
            });
            // Nothing is learnt from a message that was not accepted.
            assertThat(learning.findEncryptionRecipient("dr.pair@hopital-b.fr")).isEmpty();
        }

        @Test
        void forgedFromSignedByAnotherPersonsCertificateShouldBeQuarantinedInEveryMode() throws Exception {
            for (SignerMatch mode : SignerMatch.values()) {
                assertThat(failure(unwrapped(mode, PKI.bob, DR_PAIR))).as(mode.value()).contains("signer_mismatch");
                assertThat(failure(unwrapped(mode, PKI.organisationB, DR_PAIR))).as(mode.value()).contains("signer_mismatch");
            }
        }

        @Test
        void addressModeShouldDeliverOnlyMailSignedWithTheSendersOwnCertificate() throws Exception {
            assertThat(unwrapped(SignerMatch.ADDRESS, PKI.alice, ALICE).getState()).isEqualTo("relay");
            assertThat(failure(unwrapped(SignerMatch.ADDRESS, PKI.organisationA, DR_PAIR))).contains("signer_mismatch");
            assertThat(failure(unwrapped(SignerMatch.ADDRESS, PKI.alice, DR_PAIR))).contains("signer_mismatch");
        }

        @Test
        void domainModeShouldDeliverMailSignedWithAnAddressOrDnsNameOfTheFromDomain() throws Exception {
            assertThat(unwrapped(SignerMatch.DOMAIN, PKI.alice, DR_PAIR).getState()).isEqualTo("relay");
            assertThat(unwrapped(SignerMatch.DOMAIN, PKI.organisationADns, DR_PAIR).getState()).isEqualTo("relay");
            assertThat(failure(unwrapped(SignerMatch.DOMAIN, PKI.organisationA, DR_PAIR))).contains("signer_mismatch");
        }

        @Test
        void organisationModeShouldDeliverMailSignedWithTheOrganisationCertificateOfTheFromDomain() throws Exception {
            FakeMail mail = unwrapped(SignerMatch.ORGANISATION, PKI.organisationA, DR_PAIR);

            assertThat(mail.getState()).isEqualTo("relay");
            assertThat(mail.getMessage().getHeader(UnwrapSmime.SIGNER_HEADER)[0]).contains("CN=hopital-a.fr");
            assertThat(unwrapped(SignerMatch.ORGANISATION, PKI.organisationADns, DR_PAIR).getState()).isEqualTo("relay");
            assertThat(unwrapped(SignerMatch.ORGANISATION, PKI.alice, ALICE).getState()).isEqualTo("relay");
            assertThat(failure(unwrapped(SignerMatch.ORGANISATION, PKI.alice, DR_PAIR))).contains("signer_mismatch");
        }
    }

    static Optional<Object> failure(Mail mail) {
        return mail.getAttribute(UnwrapSmime.FAILURE).map(attribute -> attribute.getValue().value());
    }

    /** The key transport algorithm of each recipient entry of an encrypted message. */
    static List<String> keyTransports(MimeMessage encrypted) throws Exception {
        byte[] der = java.util.Base64.getMimeDecoder().decode(TestMessages.rawBody(encrypted));
        org.bouncycastle.asn1.cms.ContentInfo info = org.bouncycastle.asn1.cms.ContentInfo.getInstance(der);
        org.bouncycastle.cms.RecipientInformationStore recipients = info.getContentType().equals(org.bouncycastle.asn1.cms.CMSObjectIdentifiers.envelopedData)
            ? new org.bouncycastle.cms.CMSEnvelopedData(der).getRecipientInfos()
            : new org.bouncycastle.cms.CMSAuthEnvelopedData(der).getRecipientInfos();
        return recipients.getRecipients().stream().map(org.bouncycastle.cms.RecipientInformation::getKeyEncryptionAlgOID).toList();
    }
}
