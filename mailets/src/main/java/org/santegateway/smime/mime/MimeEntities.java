package org.santegateway.smime.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

import javax.mail.MessagingException;
import javax.mail.internet.InternetHeaders;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimePart;

/** Splitting a message into its outer headers and its MIME entity (the Content-* headers and the body). */
public final class MimeEntities {
    public static final String CRLF = "\r\n";

    private MimeEntities() {
    }

    /** Whether the header line belongs to the MIME entity (moves inside the signature or envelope). */
    public static boolean isContentHeader(String headerLine) {
        int colon = headerLine.indexOf(':');
        String name = (colon < 0 ? headerLine : headerLine.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
        return name.startsWith("content-");
    }

    /** The headers that stay outside (From, To, Subject, Message-ID, MIME-Version...). */
    public static List<String> outerHeaderLines(MimePart message) throws MessagingException {
        List<String> lines = new ArrayList<>();
        boolean mimeVersion = false;
        for (Enumeration<String> e = message.getAllHeaderLines(); e.hasMoreElements(); ) {
            String line = e.nextElement();
            if (!isContentHeader(line)) {
                lines.add(line);
                mimeVersion |= line.regionMatches(true, 0, "MIME-Version:", 0, "MIME-Version:".length());
            }
        }
        if (!mimeVersion) {
            lines.add("MIME-Version: 1.0");
        }
        return lines;
    }

    public static List<String> contentHeaderLines(Enumeration<String> all) {
        List<String> lines = new ArrayList<>();
        while (all.hasMoreElements()) {
            String line = all.nextElement();
            if (isContentHeader(line)) {
                lines.add(line);
            }
        }
        return lines;
    }

    public static List<String> contentHeaderLines(MimePart part) throws MessagingException {
        return contentHeaderLines(part.getAllHeaderLines());
    }

    public static List<String> contentHeaderLines(InternetHeaders headers) {
        return contentHeaderLines(headers.getAllHeaderLines());
    }

    public static void writeLines(List<String> lines, OutputStream out) throws IOException {
        for (String line : lines) {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.write('\r');
            out.write('\n');
        }
    }

    /**
     * The body of the message as transmitted (still transfer-encoded). A message built in memory
     * and not saved has no raw form yet: it is saved first (as James does before spooling).
     */
    public static InputStream rawBody(MimeMessage message) throws MessagingException {
        try {
            return message.getRawInputStream();
        } catch (MessagingException e) {
            message.saveChanges();
            try {
                ByteSink sink = new ByteSink(8192);
                message.writeTo(sink, allHeaderNames(message));
                // writeTo with every header ignored writes the blank line then the encoded body.
                return sink.shared(2);
            } catch (IOException io) {
                throw new MessagingException("message content cannot be written", io);
            }
        }
    }

    private static String[] allHeaderNames(MimeMessage message) throws MessagingException {
        List<String> names = new ArrayList<>();
        for (Enumeration<javax.mail.Header> e = message.getAllHeaders(); e.hasMoreElements(); ) {
            names.add(e.nextElement().getName());
        }
        return names.toArray(String[]::new);
    }
}
