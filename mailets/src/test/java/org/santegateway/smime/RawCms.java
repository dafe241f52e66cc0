package org.santegateway.smime;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import javax.mail.internet.MimeMessage;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Messages built directly with Bouncy Castle's CMS generators and its own provider (an instance,
 * never registered): for what our engine refuses to produce (SHA-1, RC2, weak keys, certificates
 * not meant for mail), so that the inbound side can be shown to refuse them.
 */
final class RawCms {
    static final Provider BC = new BouncyCastleProvider();
    static final String ENTITY = "Content-Type: text/plain; charset=us-ascii\r\n\r\nBonjour,\r\n\r\nVoici le compte rendu.\r\n";
    private static final String OUTER = "From: alice@hopital-a.fr\r\nTo: bob@operateur-b.fr\r\nSubject: Compte rendu\r\nMIME-Version: 1.0\r\n";

    private RawCms() {
    }

    /** A multipart/signed message over {@link #ENTITY}, signed with the given JCA algorithm name. */
    static MimeMessage signed(String algorithm, PrivateKey key, X509Certificate certificate) throws Exception {
        byte[] entity = ENTITY.getBytes(StandardCharsets.US_ASCII);
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().setProvider(BC).build())
            .build(new JcaContentSignerBuilder(algorithm).setProvider(BC).build(key), certificate));
        generator.addCertificates(new JcaCertStore(List.of(certificate)));
        CMSSignedData signature = generator.generate(new CMSProcessableByteArray(entity), false);
        return multipartSigned(ENTITY, signature.getEncoded());
    }

    static MimeMessage multipartSigned(String entity, byte[] signature) {
        String boundary = "raw-boundary-42";
        String text = OUTER + "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256; boundary=\"" + boundary + "\"\r\n\r\n"
            + "--" + boundary + "\r\n" + entity + "\r\n--" + boundary + "\r\n"
            + "Content-Type: application/pkcs7-signature; name=smime.p7s\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(signature) + "\r\n--" + boundary + "--\r\n";
        return TestMessages.parse(text);
    }

    /** An EnvelopedData message with the given content encryption, made by Bouncy Castle's provider. */
    static MimeMessage enveloped(ASN1ObjectIdentifier contentEncryption, int keySize, X509Certificate recipient) throws Exception {
        CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
        generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient).setProvider(BC));
        CMSEnvelopedData data = generator.generate(new CMSProcessableByteArray(ENTITY.getBytes(StandardCharsets.US_ASCII)),
            new JceCMSContentEncryptorBuilder(contentEncryption, keySize).setProvider(BC).build());
        return pkcs7Mime("enveloped-data", data.getEncoded());
    }

    static MimeMessage pkcs7Mime(String smimeType, byte[] der) {
        String type = smimeType == null ? "" : "; smime-type=" + smimeType;
        return TestMessages.parse(OUTER + "Content-Type: application/pkcs7-mime" + type + "; name=smime.p7m\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(der) + "\r\n");
    }
}
