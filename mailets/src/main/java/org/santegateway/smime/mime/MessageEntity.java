package org.santegateway.smime.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;

import javax.activation.DataHandler;
import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.internet.InternetHeaders;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.internet.MimePart;
import javax.mail.util.ByteArrayDataSource;
import javax.mail.util.SharedByteArrayInputStream;

/**
 * The MIME entity of a message (its Content-* headers and body) as the engine signs or encrypts
 * it. Written once, streamed from the message's own content.
 *
 * <p>For signing, the entity must survive transport unchanged (RFC 8551 section 3.1.2): when the
 * body has 8-bit bytes, NUL or lines over 998 characters, the parts concerned are re-encoded as
 * quoted-printable (text) or base64 (others) first. That check reads the body once more; the
 * re-encoding (rare: clients send 7-bit) works on a copy.</p>
 */
public final class MessageEntity {
    private static final int CHUNK = 64 * 1024;
    private static final int MAX_LINE = 998;

    private final List<String> headerLines;
    private final Body body;

    private interface Body {
        InputStream open() throws IOException, MessagingException;
    }

    private MessageEntity(List<String> headerLines, Body body) {
        this.headerLines = headerLines;
        this.body = body;
    }

    public static MessageEntity forEncryption(MimeMessage message) throws MessagingException {
        return new MessageEntity(MimeEntities.contentHeaderLines(message), () -> MimeEntities.rawBody(message));
    }

    public static MessageEntity forSigning(MimeMessage message) throws MessagingException, IOException {
        MessageEntity raw = forEncryption(message);
        try (InputStream in = raw.body.open()) {
            if (isSevenBitClean(in)) {
                return raw;
            }
        }
        return transcoded(raw);
    }

    /** Writes headers, blank line and body; the caller canonicalises line ends. */
    public void writeTo(OutputStream out) throws IOException, MessagingException {
        MimeEntities.writeLines(headerLines, out);
        out.write('\r');
        out.write('\n');
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = body.open()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        }
    }

    public static boolean isSevenBitClean(InputStream in) throws IOException {
        byte[] buffer = new byte[CHUNK];
        int lineLength = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b <= 0) {
                    return false;
                }
                if (b == '\n') {
                    lineLength = 0;
                } else if (b != '\r' && ++lineLength > MAX_LINE) {
                    return false;
                }
            }
        }
        return true;
    }

    private static MessageEntity transcoded(MessageEntity raw) throws IOException, MessagingException {
        ByteSink original = new ByteSink(CHUNK);
        raw.writeTo(original);
        MimeBodyPart part = new MimeBodyPart(original.shared(0));
        transcode(part);
        ByteSink encoded = new ByteSink(original.size() + original.size() / 3 + 1024);
        part.writeTo(encoded);
        SharedByteArrayInputStream parsed = encoded.shared(0);
        InternetHeaders headers = new InternetHeaders(parsed);
        int bodyStart = (int) parsed.getPosition();
        return new MessageEntity(MimeEntities.contentHeaderLines(headers), () -> encoded.shared(bodyStart));
    }

    private static void transcode(MimePart part) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            String contentType = part.getContentType();
            MimeMultipart multipart = (MimeMultipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                transcode((MimePart) child);
            }
            part.setContent(multipart);
            part.setHeader("Content-Type", contentType);
            return;
        }
        String encoding = part.getEncoding() == null ? "7bit" : part.getEncoding().toLowerCase(Locale.ROOT);
        if (!encoding.equals("7bit") && !encoding.equals("8bit") && !encoding.equals("binary")) {
            return;
        }
        byte[] content;
        try (InputStream in = part.getInputStream()) {
            content = in.readAllBytes();
        }
        if (isSevenBitClean(new ByteArrayInputStream(content))) {
            return;
        }
        String contentType = part.getContentType();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(content, contentType)));
        part.setHeader("Content-Type", contentType);
        part.setHeader("Content-Transfer-Encoding", part.isMimeType("text/*") ? "quoted-printable" : "base64");
    }
}
