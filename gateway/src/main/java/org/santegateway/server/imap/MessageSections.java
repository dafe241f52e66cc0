package org.santegateway.server.imap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.imap.api.message.SectionType;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.dom.field.ParsedField;
import org.apache.james.mime4j.field.DefaultFieldParser;

/**
 * The body sections of RFC 3501 §6.4.5 that go through an encapsulated message (message/rfc822): {@code BODY[1]} of
 * such a part is the whole encapsulated message, {@code 1.HEADER} and {@code 1.TEXT} its header and body,
 * {@code 1.MIME} the part's own MIME header, {@code 1.2} the second part of the encapsulated message.
 *
 * <p>James 3.8.1 descends into the encapsulated message one level too early ({@code BODY[1]} gave its body only,
 * {@code 1.HEADER} and {@code 1.TEXT} nothing), so a forwarded message could not be read part by part. Sections
 * whose path crosses no message/rfc822 part are left to James ({@link Optional#empty()}).</p>
 *
 * <p>Works on the raw bytes, and returns exact byte ranges: lines end as they do in the stored message.</p>
 */
public final class MessageSections {
    private static final String RFC822 = "message/rfc822";
    private static final String GLOBAL = "message/global";

    private final byte[] message;

    private MessageSections(byte[] message) {
        this.message = message;
    }

    /**
     * The bytes of one section, or empty when the section does not exist or does not involve an encapsulated
     * message. A {@code MIME} section is always answered: the part's MIME header as written (for part 1 of a message
     * that is not multipart, the message header, as Dovecot answers), no bytes for a part that does not exist.
     */
    public static Optional<byte[]> section(byte[] message, int[] path, SectionType type, Collection<String> fieldNames) {
        if (path == null || path.length == 0) {
            return Optional.empty();
        }
        if (type == SectionType.MIME) {
            return Optional.of(new MessageSections(message).locate(path, type, fieldNames, true).orElse(new byte[0]));
        }
        return new MessageSections(message).locate(path, type, fieldNames, false);
    }

    private Optional<byte[]> locate(int[] path, SectionType type, Collection<String> fieldNames, boolean anyPart) {
        Entity current = entity(0, message.length, "text/plain");
        boolean isMessage = true;
        boolean encapsulated = false;
        for (int number : path) {
            if (!isMessage && current.isMessage()) {
                current = entity(current.bodyStart, current.end, "text/plain");
                isMessage = true;
                encapsulated = true;
            }
            List<Entity> children;
            if (current.isMultipart()) {
                children = parts(current);
            } else if (isMessage) {
                children = List.of(current);
            } else {
                return Optional.empty();
            }
            if (number < 1 || number > children.size()) {
                return Optional.empty();
            }
            current = children.get(number - 1);
            isMessage = false;
        }
        if (!encapsulated && !current.isMessage() && !anyPart) {
            return Optional.empty();
        }
        return switch (type) {
            case CONTENT -> Optional.of(bytes(current.bodyStart, current.end));
            case MIME -> Optional.of(bytes(current.start, current.bodyStart));
            case HEADER, TEXT, HEADER_FIELDS, HEADER_NOT_FIELDS -> {
                if (!current.isMessage()) {
                    yield Optional.empty();
                }
                Entity inner = entity(current.bodyStart, current.end, "text/plain");
                yield Optional.of(switch (type) {
                    case HEADER -> bytes(inner.start, inner.bodyStart);
                    case TEXT -> bytes(inner.bodyStart, inner.end);
                    case HEADER_FIELDS -> fields(inner, fieldNames, true);
                    default -> fields(inner, fieldNames, false);
                });
            }
        };
    }

    /** An entity (a message or a body part): its header from {@code start}, its body from {@code bodyStart}. */
    private record Entity(int start, int bodyStart, int end, String mimeType, String boundary) {
        boolean isMultipart() {
            return mimeType.startsWith("multipart/") && boundary != null;
        }

        boolean isMessage() {
            return mimeType.equals(RFC822) || mimeType.equals(GLOBAL);
        }
    }

    private Entity entity(int start, int end, String defaultType) {
        int bodyStart = end;
        int line = start;
        while (line < end) {
            int next = nextLine(line, end);
            if (isBlank(line, next)) {
                bodyStart = next;
                break;
            }
            line = next;
        }
        String mimeType = defaultType;
        String boundary = null;
        for (Field field : fields(start, bodyStart)) {
            if (field.name().equalsIgnoreCase("Content-Type")
                    && contentType(field.text().stripTrailing()) instanceof ContentTypeField contentType
                    && contentType.getMimeType() != null && contentType.getMimeType().contains("/")) {
                mimeType = contentType.getMimeType().toLowerCase(Locale.ROOT);
                boundary = contentType.getBoundary();
            }
        }
        return new Entity(start, bodyStart, end, mimeType, boundary);
    }

    private static ParsedField contentType(String field) {
        try {
            return DefaultFieldParser.parse(field, DecodeMonitor.SILENT);
        } catch (MimeException e) {
            return null;
        }
    }

    /** The body parts of a multipart entity, each from the line after its delimiter to the line break before the next. */
    private List<Entity> parts(Entity multipart) {
        byte[] delimiter = ("--" + multipart.boundary).getBytes(StandardCharsets.US_ASCII);
        String childType = multipart.mimeType.equals("multipart/digest") ? RFC822 : "text/plain";
        List<Entity> parts = new ArrayList<>();
        int partStart = -1;
        int line = multipart.bodyStart;
        while (line < multipart.end) {
            int next = nextLine(line, multipart.end);
            if (isDelimiter(line, next, delimiter)) {
                if (partStart >= 0) {
                    parts.add(entity(partStart, Math.max(partStart, lineBreakBefore(line, partStart)), childType));
                }
                if (isClose(line, delimiter)) {
                    return parts;
                }
                partStart = next;
            }
            line = next;
        }
        if (partStart >= 0) {
            parts.add(entity(partStart, multipart.end, childType));
        }
        return parts;
    }

    private boolean isDelimiter(int line, int next, byte[] delimiter) {
        if (next - line < delimiter.length || !startsWith(line, delimiter)) {
            return false;
        }
        for (int i = line + delimiter.length; i < next; i++) {
            byte b = message[i];
            if (b == '-' && i == line + delimiter.length && i + 1 < next && message[i + 1] == '-') {
                i++;
            } else if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private boolean isClose(int line, byte[] delimiter) {
        int after = line + delimiter.length;
        return after + 1 < message.length && message[after] == '-' && message[after + 1] == '-';
    }

    private boolean startsWith(int at, byte[] prefix) {
        return Arrays.equals(message, at, at + prefix.length, prefix, 0, prefix.length);
    }

    /** Where the line break that ends the previous line starts (the CRLF before a delimiter belongs to it). */
    private int lineBreakBefore(int line, int floor) {
        if (line - 2 >= floor && message[line - 2] == '\r' && message[line - 1] == '\n') {
            return line - 2;
        }
        if (line - 1 >= floor && message[line - 1] == '\n') {
            return line - 1;
        }
        return line;
    }

    private int nextLine(int from, int end) {
        for (int i = from; i < end; i++) {
            if (message[i] == '\n') {
                return i + 1;
            }
        }
        return end;
    }

    private boolean isBlank(int line, int next) {
        int length = next - line;
        return (length == 1 && message[line] == '\n') || (length == 2 && message[line] == '\r' && message[line + 1] == '\n');
    }

    /** A header field with its continuation lines, as stored. */
    private record Field(String name, int start, int end, String text) {
    }

    private List<Field> fields(int start, int headerEnd) {
        List<Field> fields = new ArrayList<>();
        int fieldStart = -1;
        int line = start;
        while (line < headerEnd) {
            int next = nextLine(line, headerEnd);
            boolean continuation = message[line] == ' ' || message[line] == '\t';
            if (!continuation || fieldStart < 0) {
                if (fieldStart >= 0) {
                    fields.add(field(fieldStart, line));
                }
                fieldStart = isBlank(line, next) ? -1 : line;
            }
            line = next;
        }
        if (fieldStart >= 0) {
            fields.add(field(fieldStart, headerEnd));
        }
        return fields;
    }

    private Field field(int start, int end) {
        String text = new String(message, start, end - start, StandardCharsets.ISO_8859_1);
        int colon = text.indexOf(':');
        String name = colon < 0 ? "" : text.substring(0, colon).trim();
        return new Field(name, start, end, text);
    }

    /** HEADER.FIELDS and HEADER.FIELDS.NOT: the chosen fields as stored, then the blank line. */
    private byte[] fields(Entity inner, Collection<String> names, boolean matching) {
        Set<String> wanted = names.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Field field : fields(inner.start, inner.bodyStart)) {
            if (wanted.contains(field.name().toLowerCase(Locale.ROOT)) == matching) {
                out.write(message, field.start(), field.end() - field.start());
            }
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private byte[] bytes(int from, int to) {
        return Arrays.copyOfRange(message, from, to);
    }
}
