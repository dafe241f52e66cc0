package org.santegateway.smime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Locale;

import javax.mail.MessagingException;
import javax.mail.internet.ContentDisposition;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;
import javax.mail.internet.ParseException;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1SequenceParser;
import org.bouncycastle.asn1.ASN1StreamParser;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfoParser;
import org.santegateway.smime.mime.MimeEntities;

/**
 * Tells whether a message is already S/MIME protected, from its top-level headers; when they are
 * ambiguous ({@code application/pkcs7-mime} without {@code smime-type}, or an
 * {@code application/octet-stream} named {@code *.p7m} as some clients send), from the CMS content
 * type in the first bytes of the body. Reads at most a few hundred bytes.
 */
public final class SmimeDetector {
    private static final int PEEK_BYTES = 256;

    private SmimeDetector() {
    }

    public static SmimeProtection detect(MimeMessage message) {
        try {
            String header = message.getHeader("Content-Type", null);
            if (header == null) {
                return SmimeProtection.NONE;
            }
            ContentType contentType = new ContentType(header);
            SmimeProtection byHeader = byContentType(contentType, message.getHeader("Content-Disposition", null));
            if (byHeader != null) {
                return byHeader;
            }
            if (isPkcs7Mime(contentType) || isP7mAttachment(contentType, message.getHeader("Content-Disposition", null))) {
                try (InputStream body = MimeEntities.rawBody(message)) {
                    return peek(body, message.getEncoding());
                }
            }
            return SmimeProtection.NONE;
        } catch (MessagingException | IOException e) {
            // Includes an unparsable Content-Type: not recognisably S/MIME.
            return SmimeProtection.NONE;
        }
    }

    /** The protection the headers state, or null when the body has to be looked at. */
    static SmimeProtection byContentType(ContentType contentType, String disposition) {
        if (contentType.match("multipart/signed")) {
            String protocol = contentType.getParameter("protocol");
            return protocol != null && isPkcs7Signature(protocol) ? SmimeProtection.SIGNED : SmimeProtection.NONE;
        }
        if (isPkcs7Mime(contentType)) {
            String smimeType = contentType.getParameter("smime-type");
            if (smimeType == null) {
                return null;
            }
            switch (smimeType.toLowerCase(Locale.ROOT)) {
                case "enveloped-data":
                case "authenveloped-data":
                    return SmimeProtection.ENCRYPTED;
                case "signed-data":
                    return SmimeProtection.OPAQUE_SIGNED;
                case "compressed-data":
                    return SmimeProtection.COMPRESSED;
                default:
                    return null;
            }
        }
        return isP7mAttachment(contentType, disposition) ? null : SmimeProtection.NONE;
    }

    static boolean isPkcs7Mime(ContentType contentType) {
        return contentType.match("application/pkcs7-mime") || contentType.match("application/x-pkcs7-mime");
    }

    static boolean isPkcs7Signature(String type) {
        String lower = type.strip().toLowerCase(Locale.ROOT);
        return lower.equals("application/pkcs7-signature") || lower.equals("application/x-pkcs7-signature");
    }

    private static boolean isP7mAttachment(ContentType contentType, String disposition) {
        if (!contentType.match("application/octet-stream")) {
            return false;
        }
        String name = contentType.getParameter("name");
        if (name == null && disposition != null) {
            try {
                name = new ContentDisposition(disposition).getParameter("filename");
            } catch (ParseException e) {
                return false;
            }
        }
        return name != null && name.toLowerCase(Locale.ROOT).endsWith(".p7m");
    }

    /** The CMS content type of the first bytes of the body. */
    static SmimeProtection peek(InputStream rawBody, String transferEncoding) throws IOException {
        byte[] start = rawBody.readNBytes(PEEK_BYTES);
        byte[] der;
        if (transferEncoding != null && transferEncoding.strip().equalsIgnoreCase("base64")) {
            der = decodeBase64Prefix(start);
        } else {
            try (InputStream decoded = MimeUtility.decode(new ByteArrayInputStream(start), transferEncoding == null ? "binary" : transferEncoding)) {
                der = decoded.readAllBytes();
            } catch (MessagingException e) {
                return SmimeProtection.NONE;
            }
        }
        ASN1ObjectIdentifier type = contentInfoType(der);
        if (type == null) {
            return SmimeProtection.NONE;
        }
        if (type.equals(CMSObjectIdentifiers.envelopedData) || type.equals(CMSObjectIdentifiers.authEnvelopedData)) {
            return SmimeProtection.ENCRYPTED;
        }
        if (type.equals(CMSObjectIdentifiers.signedData)) {
            return SmimeProtection.OPAQUE_SIGNED;
        }
        if (type.equals(CMSObjectIdentifiers.compressedData)) {
            return SmimeProtection.COMPRESSED;
        }
        return SmimeProtection.NONE;
    }

    /** The content type OID of a CMS ContentInfo, from its first bytes; null when they are not one. */
    static ASN1ObjectIdentifier contentInfoType(byte[] derPrefix) {
        try {
            // No length limit: the prefix is the start of a longer structure.
            Object object = new ASN1StreamParser(new ByteArrayInputStream(derPrefix), Integer.MAX_VALUE).readObject();
            if (!(object instanceof ASN1SequenceParser sequence)) {
                return null;
            }
            return new ContentInfoParser(sequence).getContentType();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] decodeBase64Prefix(byte[] start) {
        StringBuilder alphabet = new StringBuilder(start.length);
        for (byte b : start) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/') {
                alphabet.append(c);
            }
        }
        int usable = alphabet.length() - alphabet.length() % 4;
        try {
            return Base64.getDecoder().decode(alphabet.substring(0, usable));
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
