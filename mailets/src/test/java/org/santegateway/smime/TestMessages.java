package org.santegateway.smime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.EncryptedContentInfo;
import org.bouncycastle.asn1.cms.EnvelopedData;

/** Messages for the S/MIME tests, parsed the way James receives them (from bytes). */
final class TestMessages {
    static final Session SESSION = Session.getInstance(new Properties());

    static final String SIMPLE = """
        From: Alice Martin <alice@hopital-a.fr>\r
        To: Bob Durand <bob@operateur-b.fr>\r
        Subject: Compte rendu\r
        Message-ID: <cr-1@hopital-a.fr>\r
        Date: Tue, 1 Apr 2025 10:00:00 +0200\r
        MIME-Version: 1.0\r
        Content-Type: text/plain; charset=us-ascii\r
        Content-Transfer-Encoding: 7bit\r
        \r
        Bonjour,\r
        \r
        Voici le compte rendu.\r
        """;

    static final String MULTIPART = """
        From: alice@hopital-a.fr\r
        To: bob@operateur-b.fr\r
        Subject: Documents\r
        Message-ID: <docs-1@hopital-a.fr>\r
        MIME-Version: 1.0\r
        Content-Type: multipart/mixed; boundary="outer"\r
        \r
        preamble\r
        --outer\r
        Content-Type: text/plain; charset=utf-8\r
        Content-Transfer-Encoding: quoted-printable\r
        \r
        Pi=C3=A8ce jointe.\r
        --outer\r
        Content-Type: application/pdf; name="cr.pdf"\r
        Content-Transfer-Encoding: base64\r
        Content-Disposition: attachment; filename="cr.pdf"\r
        \r
        JVBERi0xLjcKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFI+PgpzdHJlYW0K\r
        --outer--\r
        """;

    private TestMessages() {
    }

    static MimeMessage parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    static MimeMessage parse(byte[] bytes) {
        try {
            return new MimeMessage(SESSION, new javax.mail.util.SharedByteArrayInputStream(bytes));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(MimeMessage message) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Round trip through bytes, as the message would travel (spool, SMTP). */
    static MimeMessage reparse(MimeMessage message) {
        return parse(bytes(message));
    }

    /** The decoded text of a single-part message. */
    static String text(MimeMessage message) {
        try {
            return new String(message.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] rawBody(MimeMessage message) {
        try {
            return message.getRawInputStream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The same AuthEnvelopedData message with one bit of its ciphertext flipped, the structure
     * otherwise intact: only the GCM tag check can notice.
     */
    static MimeMessage withEncryptedContentTampered(MimeMessage encrypted) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(rawBody(encrypted));
            ContentInfo contentInfo = ContentInfo.getInstance(ASN1Primitive.fromByteArray(der));
            AuthEnvelopedData data = AuthEnvelopedData.getInstance(contentInfo.getContent());
            EncryptedContentInfo content = data.getAuthEncryptedContentInfo();
            byte[] ciphertext = content.getEncryptedContent().getOctets();
            ciphertext[ciphertext.length / 2] ^= 0x01;
            AuthEnvelopedData tampered = new AuthEnvelopedData(data.getOriginatorInfo(), data.getRecipientInfos(),
                new EncryptedContentInfo(content.getContentType(), content.getContentEncryptionAlgorithm(), new DEROctetString(ciphertext)),
                data.getAuthAttrs(), data.getMac(), data.getUnauthAttrs());
            return withPkcs7Body(encrypted, new ContentInfo(contentInfo.getContentType(), tampered).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The EnvelopedData (AES-CBC) message with one byte of its encrypted content flipped: the last
     * byte of the next-to-last block, so that the padding byte of the last plaintext block gets a
     * value over 16 and the padding check fails whatever it was.
     */
    static MimeMessage withCbcPaddingTampered(MimeMessage encrypted) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(rawBody(encrypted));
            ContentInfo contentInfo = ContentInfo.getInstance(ASN1Primitive.fromByteArray(der));
            EnvelopedData data = EnvelopedData.getInstance(contentInfo.getContent());
            EncryptedContentInfo content = data.getEncryptedContentInfo();
            byte[] ciphertext = content.getEncryptedContent().getOctets();
            ciphertext[ciphertext.length - 17] ^= (byte) 0x80;
            EnvelopedData tampered = new EnvelopedData(data.getOriginatorInfo(), data.getRecipientInfos(),
                new EncryptedContentInfo(content.getContentType(), content.getContentEncryptionAlgorithm(), new DEROctetString(ciphertext)),
                data.getUnprotectedAttrs());
            return withPkcs7Body(encrypted, new ContentInfo(contentInfo.getContentType(), tampered).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message's headers with a new application/pkcs7-mime body. */
    static MimeMessage withPkcs7Body(MimeMessage message, byte[] der) {
        try {
            StringBuilder text = new StringBuilder();
            for (java.util.Enumeration<String> lines = message.getAllHeaderLines(); lines.hasMoreElements(); ) {
                text.append(lines.nextElement()).append("\r\n");
            }
            text.append("\r\n").append(Base64.getMimeEncoder().encodeToString(der)).append("\r\n");
            return parse(text.toString());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
