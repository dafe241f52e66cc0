package org.santegateway.server.webmail;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.MimeUtility;

import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * What the webmail shows of a message: its text, or its HTML through an allow-list sanitiser
 * (formatting, blocks, tables and links only: no script, event handler, style, image, form or
 * frame survives, so nothing remote is loaded), and its attachments. The page's
 * Content-Security-Policy forbids scripts and remote content as a second barrier.
 */
public final class MessageRenderer {
    private static final int MAX_DEPTH = 10;
    private static final int MAX_TEXT_CHARS = 2_000_000;
    private static final PolicyFactory HTML_POLICY = Sanitizers.FORMATTING
        .and(Sanitizers.BLOCKS)
        .and(Sanitizers.TABLES)
        .and(new HtmlPolicyBuilder()
            .allowElements("a")
            .allowUrlProtocols("https", "mailto")
            .allowAttributes("href").onElements("a")
            .requireRelsOnLinks("noopener", "noreferrer", "nofollow")
            .toFactory());

    /** An attachment, by its position among the message's attachments. */
    public record Attachment(int index, String fileName, String contentType, Part part) {
        /** The size of the file, from the part's encoded size (base64 takes 4 bytes for 3); empty when unknown. */
        public java.util.OptionalLong approximateSize() {
            try {
                int encoded = part.getSize();
                if (encoded < 0) {
                    return java.util.OptionalLong.empty();
                }
                String encoding = part instanceof javax.mail.internet.MimePart mime ? mime.getEncoding() : null;
                return java.util.OptionalLong.of("base64".equalsIgnoreCase(encoding) ? encoded * 3L / 4 : encoded);
            } catch (MessagingException e) {
                return java.util.OptionalLong.empty();
            }
        }

        public byte[] content() throws IOException, MessagingException {
            try (InputStream input = part.getInputStream()) {
                return input.readAllBytes();
            }
        }
    }

    /** The body to show: sanitised HTML, or escaped text made into HTML. */
    public record Rendered(String safeHtml, List<Attachment> attachments) {
    }

    private MessageRenderer() {
    }

    public static String sanitize(String html) {
        return HTML_POLICY.sanitize(html);
    }

    public static Rendered render(Part message) throws IOException, MessagingException {
        Collector collector = new Collector();
        collector.walk(message, 0);
        String body;
        if (collector.html.isPresent()) {
            body = "<div class=\"corps html\">" + sanitize(collector.html.get()) + "</div>";
        } else {
            body = "<div class=\"corps texte\">" + Html.escape(collector.text.orElse("")) + "</div>";
        }
        return new Rendered(body, collector.attachments);
    }

    public static List<Attachment> attachments(Part message) throws IOException, MessagingException {
        Collector collector = new Collector();
        collector.walk(message, 0);
        return collector.attachments;
    }

    private static final class Collector {
        private Optional<String> text = Optional.empty();
        private Optional<String> html = Optional.empty();
        private final List<Attachment> attachments = new ArrayList<>();

        void walk(Part part, int depth) throws IOException, MessagingException {
            if (depth > MAX_DEPTH) {
                return;
            }
            String type = part.getContentType() == null ? "text/plain" : part.getContentType().toLowerCase(Locale.ROOT);
            String fileName = fileName(part);
            boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || fileName != null;
            if (type.startsWith("multipart/") && !attachment) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    walk(child, depth + 1);
                }
            } else if (attachment) {
                attachments.add(new Attachment(attachments.size(), fileName == null ? "piece-jointe" : fileName,
                    type.split(";")[0].trim(), part));
            } else if (type.startsWith("text/html") && html.isEmpty()) {
                html = Optional.of(limit(String.valueOf(part.getContent())));
            } else if (type.startsWith("text/plain") && text.isEmpty()) {
                text = Optional.of(limit(String.valueOf(part.getContent())));
            }
        }

        private static String fileName(Part part) {
            try {
                String name = part.getFileName();
                return name == null ? null : MimeUtility.decodeText(name);
            } catch (MessagingException | IOException e) {
                return "piece-jointe";
            }
        }

        private static String limit(String value) {
            return value.length() > MAX_TEXT_CHARS ? value.substring(0, MAX_TEXT_CHARS) : value;
        }
    }
}
