package org.santegateway.server.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import javax.mail.Flags;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.mail.MessageMapper.FetchType;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.mail.model.Property;
import org.apache.james.mailbox.store.mail.model.impl.Properties;
import org.apache.james.mailbox.store.mail.model.impl.PropertyBuilder;

/**
 * Reads of James's JPA message tables ({@code JAMES_MAIL}, {@code JAMES_MAIL_USERFLAG}, {@code JAMES_MAIL_PROPERTY})
 * in plain SQL, on the connection of the mapper's entity manager. The listing of a FETCH, SELECT, STORE or SEARCH
 * answer is two statements (the rows, then the user flags of the range) instead of OpenJPA's statement building,
 * entity materialisation and its eager loading of every message's MIME properties: the properties are read for the
 * range only when the contents are (FULL), otherwise per message on first use. Columns are those of James 3.8.1's
 * {@code AbstractJPAMailboxMessage} mapping, the same on Derby and PostgreSQL.
 */
final class MessageRows {
    private static final String COLUMNS = "MAIL_UID, MAIL_MODSEQ, MAIL_DATE, MAIL_IS_ANSWERED, MAIL_IS_DELETED, MAIL_IS_DRAFT,"
        + " MAIL_IS_FLAGGED, MAIL_IS_RECENT, MAIL_IS_SEEN, MAIL_BODY_START_OCTET, MAIL_CONTENT_OCTETS_COUNT, MAIL_MIME_TYPE,"
        + " MAIL_MIME_SUBTYPE, MAIL_TEXTUAL_LINE_COUNT";
    private static final String HEADER = "SELECT HEADER_BYTES FROM JAMES_MAIL WHERE MAILBOX_ID = ? AND MAIL_UID = ?";
    private static final String BODY = "SELECT MAIL_BYTES FROM JAMES_MAIL WHERE MAILBOX_ID = ? AND MAIL_UID = ?";
    /** Ranges one statement of a planned listing reads at most; more are read a group at a time. */
    static final int RANGES_PER_STATEMENT = 16;
    /**
     * UIDs between two ranges above which they are read by statements of their own: a statement scans the index from
     * its first range to its last, so {@code FETCH 1,100000} in a large mailbox is two short scans, not one of the
     * whole mailbox.
     */
    static final long LARGEST_GAP = 1024;

    /**
     * The rows a statement reads: a mailbox's UIDs between two bounds (the start and stop keys of the primary key's
     * or the index's scan), and for several ranges, the UIDs in any of them, always {@link #RANGES_PER_STATEMENT}
     * pairs (the last range repeated) so that each listing is one statement Derby compiles once.
     */
    record Span(long from, long to, List<MessageRange> ranges) {
        private static final String BOUNDS = " WHERE MAILBOX_ID = ? AND MAIL_UID BETWEEN ? AND ?";
        private static final String IN_RANGES = BOUNDS + " AND ("
            + String.join(" OR ", Collections.nCopies(RANGES_PER_STATEMENT, "MAIL_UID BETWEEN ? AND ?")) + ")";

        static Span of(long from, long to) {
            return new Span(from, to, List.of());
        }

        /**
         * Spans reading all of {@code ranges}, in UID order: {@link #RANGES_PER_STATEMENT} ranges at most each, and no
         * more than {@link #LARGEST_GAP} UIDs between two of its ranges.
         */
        static List<Span> groups(List<MessageRange> ranges) {
            List<MessageRange> sorted = ranges.stream()
                .sorted(Comparator.comparing(MessageRange::getUidFrom))
                .toList();
            List<Span> spans = new ArrayList<>();
            List<MessageRange> group = new ArrayList<>();
            long to = 0;
            for (MessageRange range : sorted) {
                if (!group.isEmpty() && (group.size() == RANGES_PER_STATEMENT || range.getUidFrom().asLong() - to > LARGEST_GAP)) {
                    spans.add(new Span(group.get(0).getUidFrom().asLong(), to, List.copyOf(group)));
                    group.clear();
                }
                to = group.isEmpty() ? range.getUidTo().asLong() : Math.max(to, range.getUidTo().asLong());
                group.add(range);
            }
            if (!group.isEmpty()) {
                spans.add(new Span(group.get(0).getUidFrom().asLong(), to, List.copyOf(group)));
            }
            return spans;
        }

        /** The span, read between {@code first} and {@code last} only (the first and last UIDs a listing found). */
        Span narrowed(long first, long last) {
            return new Span(Math.max(from, first), Math.min(to, last), ranges);
        }

        String where() {
            return ranges.isEmpty() ? BOUNDS : IN_RANGES;
        }

        void bind(PreparedStatement statement, JPAId mailboxId) throws SQLException {
            statement.setLong(1, mailboxId.getRawId());
            statement.setLong(2, from);
            statement.setLong(3, to);
            if (ranges.isEmpty()) {
                return;
            }
            for (int i = 0; i < RANGES_PER_STATEMENT; i++) {
                MessageRange range = ranges.get(Math.min(i, ranges.size() - 1));
                statement.setLong(4 + 2 * i, range.getUidFrom().asLong());
                statement.setLong(5 + 2 * i, range.getUidTo().asLong());
            }
        }
    }

    private static String listing(boolean header, boolean content, Span span) {
        return "SELECT " + COLUMNS + (content ? ", HEADER_BYTES, MAIL_BYTES" : header ? ", HEADER_BYTES" : "")
            + " FROM JAMES_MAIL" + span.where() + " ORDER BY MAIL_UID";
    }

    // Derby's optimizer reads the whole table for a (mailbox, uid range) unless told the index (MailboxIndexes); the
    // override is an SQL comment to PostgreSQL, which finds the index itself.
    private static String userFlags(Span span) {
        return "SELECT MAIL_UID, USERFLAG_NAME FROM JAMES_MAIL_USERFLAG --DERBY-PROPERTIES index=" + MailboxIndexes.USERFLAG_INDEX
            + "\n" + span.where() + " ORDER BY MAIL_UID, USERFLAG_ID";
    }

    private static String properties(Span span) {
        return "SELECT MAIL_UID, PROPERTY_NAME_SPACE, PROPERTY_LOCAL_NAME, PROPERTY_VALUE FROM JAMES_MAIL_PROPERTY"
            + " --DERBY-PROPERTIES index=" + MailboxIndexes.PROPERTY_INDEX + "\n" + span.where()
            + " ORDER BY MAIL_UID, PROPERTY_LINE_NUMBER";
    }

    private static String uids(Span span) {
        return "SELECT MAIL_UID FROM JAMES_MAIL" + span.where() + " ORDER BY MAIL_UID";
    }

    private MessageRows() {
    }

    /**
     * The messages of {@code range}, in UID order, at most {@code limit} of them if it is positive, with the
     * contents {@code type} asks for read in the listing.
     */
    static List<MailboxMessage> find(Connection connection, JPAId mailboxId, MessageRange range, FetchType type, int limit,
                                     StoredMessage.Loader loader) throws SQLException {
        return find(connection, mailboxId, Span.of(range.getUidFrom().asLong(), range.getUidTo().asLong()), type, limit, loader);
    }

    /**
     * The messages of several ranges, as {@link #find(Connection, JPAId, MessageRange, FetchType, int, StoredMessage.Loader)}
     * lists one, in UID order and each once: one set of statements for each {@link #RANGES_PER_STATEMENT} ranges.
     */
    static List<MailboxMessage> find(Connection connection, JPAId mailboxId, List<MessageRange> ranges, FetchType type,
                                     StoredMessage.Loader loader) throws SQLException {
        Map<Long, MailboxMessage> messages = new TreeMap<>();
        for (Span span : Span.groups(ranges)) {
            for (MailboxMessage message : find(connection, mailboxId, span, type, 0, loader)) {
                messages.putIfAbsent(message.getUid().asLong(), message);
            }
        }
        return new ArrayList<>(messages.values());
    }

    private static List<MailboxMessage> find(Connection connection, JPAId mailboxId, Span span, FetchType type, int limit,
                                             StoredMessage.Loader loader) throws SQLException {
        boolean content = type == FetchType.FULL || type == FetchType.ATTACHMENTS_METADATA;
        boolean header = content || type == FetchType.HEADERS;
        List<Listed> listed = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(listing(header, content, span))) {
            span.bind(statement, mailboxId);
            if (limit > 0) {
                statement.setMaxRows(limit);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    listed.add(new Listed(row(rows), systemFlags(rows),
                        header ? rows.getBytes(15) : null,
                        content ? rows.getBytes(16) : null));
                }
            }
        }
        if (listed.isEmpty()) {
            return List.of();
        }
        Span read = span.narrowed(listed.get(0).row().uid().asLong(), listed.get(listed.size() - 1).row().uid().asLong());
        Map<Long, List<String>> userFlags = userFlags(connection, mailboxId, read);
        Map<Long, List<Property>> properties = content ? properties(connection, mailboxId, read) : Map.of();
        List<MailboxMessage> messages = new ArrayList<>(listed.size());
        for (Listed message : listed) {
            long uid = message.row().uid().asLong();
            Flags flags = message.flags();
            userFlags.getOrDefault(uid, List.of()).forEach(flags::add);
            Properties contentProperties = content ? new PropertyBuilder(properties.getOrDefault(uid, List.of())).build() : null;
            messages.add(StoredMessage.of(mailboxId, message.row(), flags, message.header(), message.body(), contentProperties, loader));
        }
        return messages;
    }

    /** The UIDs of {@code range} still in the mailbox, in order. */
    static List<Long> uids(Connection connection, JPAId mailboxId, long from, long to) throws SQLException {
        return uids(connection, mailboxId, Span.of(from, to));
    }

    private static List<Long> uids(Connection connection, JPAId mailboxId, Span span) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(uids(span))) {
            span.bind(statement, mailboxId);
            List<Long> uids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    uids.add(rows.getLong(1));
                }
            }
            return uids;
        }
    }

    /**
     * The messages of a listing that are still in the mailbox once it is read. A listing is several statements (the
     * messages, then their flags and MIME properties, each for the whole range): a message expunged by another session
     * in between came back without its properties, and a FETCH served it with an empty BODYSTRUCTURE. Its Expunged
     * event reaches every session; here it is left out, as James would have had the listing come a moment later.
     */
    static List<MailboxMessage> stillPresent(Connection connection, JPAId mailboxId, List<MailboxMessage> messages) throws SQLException {
        if (messages.isEmpty()) {
            return messages;
        }
        long first = messages.get(0).getUid().asLong();
        long last = messages.get(messages.size() - 1).getUid().asLong();
        return present(messages, new HashSet<>(uids(connection, mailboxId, first, last)));
    }

    /** The messages of a listing of several {@code ranges} ({@link #find(Connection, JPAId, List, FetchType, StoredMessage.Loader)}) still in the mailbox. */
    static List<MailboxMessage> stillPresent(Connection connection, JPAId mailboxId, List<MailboxMessage> messages,
                                             List<MessageRange> ranges) throws SQLException {
        if (messages.isEmpty()) {
            return messages;
        }
        Set<Long> present = new HashSet<>();
        for (Span span : Span.groups(ranges)) {
            present.addAll(uids(connection, mailboxId, span));
        }
        return present(messages, present);
    }

    private static List<MailboxMessage> present(List<MailboxMessage> messages, Set<Long> present) {
        List<MailboxMessage> kept = messages.stream().filter(message -> present.contains(message.getUid().asLong())).toList();
        return kept.size() == messages.size() ? messages : kept;
    }

    /** One content column of one message; empty when the message is no longer in the mailbox. */
    static Optional<byte[]> header(Connection connection, JPAId mailboxId, MessageUid uid) throws SQLException {
        return column(connection, HEADER, mailboxId, uid);
    }

    static Optional<byte[]> body(Connection connection, JPAId mailboxId, MessageUid uid) throws SQLException {
        return column(connection, BODY, mailboxId, uid);
    }

    static Properties properties(Connection connection, JPAId mailboxId, MessageUid uid) throws SQLException {
        return new PropertyBuilder(properties(connection, mailboxId, Span.of(uid.asLong(), uid.asLong()))
            .getOrDefault(uid.asLong(), List.of())).build();
    }

    private static Optional<byte[]> column(Connection connection, String sql, JPAId mailboxId, MessageUid uid) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, mailboxId.getRawId());
            statement.setLong(2, uid.asLong());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.empty();
            }
        }
    }

    private static Map<Long, List<String>> userFlags(Connection connection, JPAId mailboxId, Span span) throws SQLException {
        Map<Long, List<String>> flags = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(userFlags(span))) {
            span.bind(statement, mailboxId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    flags.computeIfAbsent(rows.getLong(1), uid -> new ArrayList<>()).add(rows.getString(2));
                }
            }
        }
        return flags;
    }

    private static Map<Long, List<Property>> properties(Connection connection, JPAId mailboxId, Span span) throws SQLException {
        Map<Long, List<Property>> properties = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(properties(span))) {
            span.bind(statement, mailboxId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    properties.computeIfAbsent(rows.getLong(1), uid -> new ArrayList<>())
                        .add(new Property(rows.getString(2), rows.getString(3), rows.getString(4)));
                }
            }
        }
        return properties;
    }

    private static StoredMessage.Row row(ResultSet rows) throws SQLException {
        Timestamp date = rows.getTimestamp(3);
        long lines = rows.getLong(14);
        Long textualLineCount = rows.wasNull() ? null : lines;
        return new StoredMessage.Row(MessageUid.of(rows.getLong(1)), ModSeq.of(rows.getLong(2)),
            date == null ? null : new Date(date.getTime()),
            rows.getInt(10), rows.getLong(11), rows.getString(12), rows.getString(13), textualLineCount);
    }

    private static Flags systemFlags(ResultSet rows) throws SQLException {
        Flags flags = new Flags();
        addIf(flags, rows.getBoolean(4), Flags.Flag.ANSWERED);
        addIf(flags, rows.getBoolean(5), Flags.Flag.DELETED);
        addIf(flags, rows.getBoolean(6), Flags.Flag.DRAFT);
        addIf(flags, rows.getBoolean(7), Flags.Flag.FLAGGED);
        addIf(flags, rows.getBoolean(8), Flags.Flag.RECENT);
        addIf(flags, rows.getBoolean(9), Flags.Flag.SEEN);
        return flags;
    }

    private static void addIf(Flags flags, boolean set, Flags.Flag flag) {
        if (set) {
            flags.add(flag);
        }
    }

    private record Listed(StoredMessage.Row row, Flags flags, byte[] header, byte[] body) {
    }
}
