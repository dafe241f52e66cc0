package org.santegateway.smime;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import javax.mail.MessagingException;
import javax.mail.internet.InternetHeaders;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;
import javax.mail.util.SharedByteArrayInputStream;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1SequenceParser;
import org.bouncycastle.asn1.ASN1StreamParser;
import org.bouncycastle.asn1.cms.ContentInfoParser;
import org.santegateway.smime.mime.Base64DecodingInputStream;
import org.santegateway.smime.mime.ByteSink;
import org.santegateway.smime.mime.MimeEntities;

/**
 * The MIME plumbing of {@link SmimeInbound}: each layer it opens is an {@link Entity} in memory
 * (headers parsed, body a range of a shared buffer, never copied), its body decoded as a stream,
 * and the CMS content type of a {@code application/pkcs7-mime} body read from its first bytes
 * rather than trusted from {@code smime-type}.
 */
final class InboundMime {
    /** Read and buffer sizes: one chunk of plaintext or ciphertext at a time. */
    static final int CHUNK = 64 * 1024;

    private InboundMime() {
    }

    /** The body of the message as one entity, with the message's {@code Content-*} headers. */
    static Entity readBody(MimeMessage message, long maxContentBytes) throws IOException, MessagingException {
        ByteSink sink = new ByteSink(Math.max(CHUNK, message.getSize() + 16), maxContentBytes);
        try (InputStream in = MimeEntities.rawBody(message)) {
            sink.readFrom(in);
        }
        return Entity.ofBody(HeadersView.of(message), sink.array(), sink.size());
    }

    /** Undoes the transfer encoding as a stream. */
    static InputStream decode(InputStream encoded, String transferEncoding) throws MessagingException {
        String encoding = transferEncoding == null ? "7bit" : transferEncoding.strip().toLowerCase(Locale.ROOT);
        if (encoding.equals("base64")) {
            return new Base64DecodingInputStream(encoded);
        }
        return MimeUtility.decode(encoded, encoding);
    }

    /** The CMS content type of the ContentInfo the stream starts with; the stream is left where it was. */
    static ASN1ObjectIdentifier peekContentType(BufferedInputStream der) throws IOException, Refusal {
        der.mark(CHUNK);
        try {
            Object object = new ASN1StreamParser(der).readObject();
            if (!(object instanceof ASN1SequenceParser sequence)) {
                throw new Refusal(SmimeFailure.MALFORMED, "application/pkcs7-mime content is not a CMS ContentInfo");
            }
            return new ContentInfoParser(sequence).getContentType();
        } catch (IOException | RuntimeException e) {
            throw new Refusal(SmimeFailure.MALFORMED, "application/pkcs7-mime content is not a CMS ContentInfo");
        } finally {
            der.reset();
        }
    }

    /** Header access over either a message or a parsed entity. */
    interface HeadersView {
        String get(String name);

        default String encoding() {
            return get("Content-Transfer-Encoding");
        }

        static HeadersView of(MimeMessage message) {
            return name -> {
                try {
                    return message.getHeader(name, null);
                } catch (MessagingException e) {
                    return null;
                }
            };
        }

        static HeadersView of(InternetHeaders headers) {
            return name -> headers.getHeader(name, null);
        }
    }

    /** A MIME entity in memory: headers parsed, body as a range of the buffer. */
    record Entity(InternetHeaders headers, byte[] buffer, int bodyStart, int end) {
        static Entity parse(byte[] buffer, int start, int end) throws MessagingException {
            SharedByteArrayInputStream in = new SharedByteArrayInputStream(buffer, start, end - start);
            InternetHeaders headers = new InternetHeaders(in);
            return new Entity(headers, buffer, start + (int) in.getPosition(), end);
        }

        static Entity ofBody(HeadersView view, byte[] buffer, int end) {
            InternetHeaders headers = new InternetHeaders();
            for (String name : new String[] {"Content-Type", "Content-Transfer-Encoding", "Content-Disposition"}) {
                String value = view.get(name);
                if (value != null) {
                    headers.setHeader(name, value);
                }
            }
            return new Entity(headers, buffer, 0, end);
        }

        HeadersView headersView() {
            return HeadersView.of(headers);
        }

        InputStream body() {
            return new ByteArrayInputStream(buffer, bodyStart, end - bodyStart);
        }

        SharedByteArrayInputStream sharedBody() {
            return new SharedByteArrayInputStream(buffer, bodyStart, end - bodyStart);
        }
    }
}
