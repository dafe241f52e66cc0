package org.santegateway.server.persistence.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.mail.Flags;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageAttachmentMetadata;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.search.SearchUtil;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.field.DateTimeField;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.message.SimpleContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.util.MimeUtil;
import org.apache.lucene.document.DateTools;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.Field.Index;
import org.apache.lucene.document.Field.Store;
import org.apache.lucene.document.NumericField;

/**
 * The two documents of a message in the search index: the message (ids, dates, sizes, sort keys as James's Lucene
 * index writes them, and the searchable text) and its flags (James's layout, updated on flag changes).
 *
 * <p>The searchable text is what James indexes, nothing more: every header, decoded (RFC 2047) and unfolded, under
 * its own name and in {@link IndexFields#HEADERS}; the addresses of From, To, Cc and Bcc also as
 * {@code Display Name <address>}; the decoded text of the text/* and message/* parts. None of it is stored: only
 * terms (trigrams) are written, as James wrote terms (words and word pairs) before.</p>
 */
public final class MessageDocuments {
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String DEFAULT_CHARSET = "US-ASCII";

    private MessageDocuments() {
    }

    public static String messageDocumentId(MailboxMessage message) {
        return message.getMailboxId().serialize().toUpperCase(Locale.US) + "-" + message.getUid().asLong();
    }

    public static String flagsDocumentId(MailboxMessage message) {
        return flagsDocumentId(message.getMailboxId(), message.getUid());
    }

    public static String flagsDocumentId(MailboxId mailboxId, MessageUid uid) {
        return IndexFields.FLAGS_ID_PREFIX + mailboxId.serialize() + "-" + uid.asLong();
    }

    public static Document message(MailboxSession session, MailboxMessage message) throws IOException, MimeException {
        Document doc = new Document();
        doc.add(keyword(IndexFields.USERS, session.getUser().asString().toUpperCase(Locale.US), Store.YES));
        doc.add(keyword(IndexFields.MAILBOX_ID, message.getMailboxId().serialize().toUpperCase(Locale.US), Store.YES));
        doc.add(new NumericField(IndexFields.UID, Store.YES, true).setLongValue(message.getUid().asLong()));
        doc.add(keyword(IndexFields.HAS_ATTACHMENT,
            Boolean.toString(MessageAttachmentMetadata.hasNonInlinedAttachment(message.getAttachments())), Store.YES));
        String messageId = SearchUtil.getSerializedMessageIdIfSupportedByUnderlyingStorageOrNull(message);
        if (messageId != null) {
            doc.add(keyword(IndexFields.MESSAGE_ID, messageId, Store.YES));
        }
        String threadId = SearchUtil.getSerializedThreadIdIfSupportedByUnderlyingStorageOrNull(message);
        if (threadId != null) {
            doc.add(keyword(IndexFields.THREAD_ID, threadId, Store.YES));
        }
        doc.add(keyword(IndexFields.ID, messageDocumentId(message), Store.YES));
        addDates(doc, IndexFields.INTERNAL_DATE_PREFIX, message.getInternalDate(), true);
        message.getSaveDate().ifPresent(saveDate -> addDates(doc, IndexFields.SAVE_DATE_PREFIX, saveDate, false));
        doc.add(new NumericField(IndexFields.SIZE, Store.YES, true).setLongValue(message.getFullContentOctets()));

        MimeStreamParser parser = new MimeStreamParser(MimeConfig.PERMISSIVE);
        parser.setContentDecoding(true);
        parser.setContentHandler(new Indexer(doc, message));
        try (InputStream content = message.getFullContent()) {
            parser.parse(content);
        }
        return doc;
    }

    public static Document flags(MailboxMessage message) {
        return flags(message.getMailboxId(), message.getUid(), message.createFlags(), message.getModSeq());
    }

    /**
     * The flags document of a message: its id, mailbox and UID, one term per flag, and the message's mod-sequence
     * (RFC 7162 {@code SEARCH MODSEQ}), which changes with the flags.
     */
    public static Document flags(MailboxId mailboxId, MessageUid uid, Flags flags, ModSeq modSeq) {
        Document doc = new Document();
        doc.add(keyword(IndexFields.ID, flagsDocumentId(mailboxId, uid), Store.YES));
        doc.add(keyword(IndexFields.MAILBOX_ID, mailboxId.serialize(), Store.YES));
        doc.add(new NumericField(IndexFields.UID, Store.YES, true).setLongValue(uid.asLong()));
        doc.add(new NumericField(IndexFields.MODSEQ, Store.NO, true).setLongValue(modSeq.asLong()));
        addFlags(doc, flags);
        return doc;
    }

    /** Adds the flag terms (James's spelling, see {@link FlagTerms}); an empty term when there is none. */
    public static void addFlags(Document doc, Flags flags) {
        Flags.Flag[] systemFlags = flags.getSystemFlags();
        String[] userFlags = flags.getUserFlags();
        for (Flags.Flag flag : systemFlags) {
            doc.add(keyword(IndexFields.FLAGS, FlagTerms.term(flag), Store.YES));
        }
        for (String flag : userFlags) {
            doc.add(keyword(IndexFields.FLAGS, flag, Store.YES));
        }
        if (systemFlags.length == 0 && userFlags.length == 0) {
            doc.add(keyword(IndexFields.FLAGS, "", Store.NO));
        }
    }

    private static void addDates(Document doc, String prefix, Date date, boolean milliseconds) {
        doc.add(keyword(prefix + "YearResolution", DateTools.dateToString(date, DateTools.Resolution.YEAR), Store.NO));
        doc.add(keyword(prefix + "MonthResolution", DateTools.dateToString(date, DateTools.Resolution.MONTH), Store.NO));
        doc.add(keyword(prefix + "DayResolution", DateTools.dateToString(date, DateTools.Resolution.DAY), Store.NO));
        doc.add(keyword(prefix + "HourResolution", DateTools.dateToString(date, DateTools.Resolution.HOUR), Store.NO));
        doc.add(keyword(prefix + "MinuteResolution", DateTools.dateToString(date, DateTools.Resolution.MINUTE), Store.NO));
        doc.add(keyword(prefix + "SecondResolution", DateTools.dateToString(date, DateTools.Resolution.SECOND), Store.NO));
        if (milliseconds) {
            doc.add(keyword(prefix + "MillisecondResolution", DateTools.dateToString(date, DateTools.Resolution.MILLISECOND), Store.NO));
        }
    }

    private static Field keyword(String name, String value, Store store) {
        return new Field(name, value, store, Index.NOT_ANALYZED);
    }

    private static Field text(String name, String value) {
        return new Field(name, value, Store.NO, Index.ANALYZED);
    }

    private static final class Indexer extends SimpleContentHandler {
        private final Document doc;
        private final MailboxMessage message;

        Indexer(Document doc, MailboxMessage message) {
            this.doc = doc;
            this.message = message;
        }

        @Override
        public void headers(Header header) {
            Date sentDate = null;
            boolean dateSeen = false;
            SortKeys sortKeys = new SortKeys();
            for (org.apache.james.mime4j.stream.Field field : header) {
                String name = field.getName();
                String value = decoded(field.getBody());
                doc.add(keyword(IndexFields.HEADER_NAMES, name.toLowerCase(Locale.US), Store.NO));
                doc.add(text(IndexFields.HEADERS, name + ": " + value));
                doc.add(text(IndexFields.header(name), value));
                if (field instanceof DateTimeField dateTimeField) {
                    // As James: the last date field read gives the instant (sort, non-day resolutions).
                    sentDate = dateTimeField.getDate();
                }
                if (!dateSeen && "Date".equalsIgnoreCase(name)) {
                    dateSeen = true;
                    WrittenDates.parse(value).ifPresent(day ->
                        doc.add(keyword(IndexFields.SENT_DAY_AS_WRITTEN, day.format(DAY), Store.NO)));
                }
                if (isAddressHeader(name)) {
                    addAddresses(name, field.getBody(), sortKeys);
                } else if ("Subject".equalsIgnoreCase(name)) {
                    doc.add(keyword(IndexFields.BASE_SUBJECT,
                        SearchUtil.getBaseSubject(field.getBody().toUpperCase(Locale.US)), Store.YES));
                }
            }
            if (sentDate == null) {
                sentDate = message.getInternalDate();
            } else {
                addDates(doc, IndexFields.SENT_DATE_PREFIX, sentDate, true);
            }
            doc.add(keyword(IndexFields.SENT_DATE_SORT, DateTools.dateToString(sentDate, DateTools.Resolution.MILLISECOND), Store.NO));
            doc.add(keyword(IndexFields.FIRST_FROM_MAILBOX_NAME, sortKeys.firstFromAddress, Store.YES));
            doc.add(keyword(IndexFields.FIRST_TO_MAILBOX_NAME, sortKeys.firstToAddress, Store.YES));
            doc.add(keyword(IndexFields.FIRST_CC_MAILBOX_NAME, sortKeys.firstCcAddress, Store.YES));
            doc.add(keyword(IndexFields.FIRST_FROM_MAILBOX_DISPLAY, sortKeys.firstFromDisplay, Store.YES));
            doc.add(keyword(IndexFields.FIRST_TO_MAILBOX_DISPLAY, sortKeys.firstToDisplay, Store.YES));
        }

        private void addAddresses(String headerName, String rawValue, SortKeys sortKeys) {
            AddressList addresses = LenientAddressParser.DEFAULT.parseAddressList(MimeUtil.unfold(rawValue));
            boolean first = true;
            for (Address address : addresses) {
                Iterable<Mailbox> mailboxes = address instanceof Group group ? group.getMailboxes()
                    : address instanceof Mailbox mailbox ? List.of(mailbox) : List.of();
                for (Mailbox mailbox : mailboxes) {
                    String display = mailbox.getName() == null || mailbox.getName().isBlank()
                        ? mailbox.getAddress() : mailbox.getName() + " <" + mailbox.getAddress() + ">";
                    doc.add(text(IndexFields.header(headerName), display));
                    if (first) {
                        sortKeys.first(headerName, SearchUtil.getMailboxAddress(mailbox), SearchUtil.getDisplayAddress(mailbox));
                        first = false;
                    }
                }
            }
        }

        @Override
        public void body(BodyDescriptor descriptor, InputStream in) throws MimeException, IOException {
            String mediaType = descriptor.getMediaType();
            if (!"text".equalsIgnoreCase(mediaType) && !"message".equalsIgnoreCase(mediaType)) {
                return;
            }
            try (Reader reader = new InputStreamReader(in, charset(descriptor.getCharset()))) {
                StringBuilder text = new StringBuilder();
                char[] buffer = new char[8192];
                for (int read = reader.read(buffer); read != -1; read = reader.read(buffer)) {
                    text.append(buffer, 0, read);
                }
                doc.add(text(IndexFields.BODY, text.toString()));
            }
        }
    }

    private static final class SortKeys {
        private String firstFromAddress = "";
        private String firstFromDisplay = "";
        private String firstToAddress = "";
        private String firstToDisplay = "";
        private String firstCcAddress = "";

        void first(String headerName, String address, String display) {
            if ("From".equalsIgnoreCase(headerName)) {
                firstFromAddress = address;
                firstFromDisplay = display;
            } else if ("To".equalsIgnoreCase(headerName)) {
                firstToAddress = address;
                firstToDisplay = display;
            } else if ("Cc".equalsIgnoreCase(headerName)) {
                firstCcAddress = address;
            }
        }
    }

    private static boolean isAddressHeader(String name) {
        return "From".equalsIgnoreCase(name) || "To".equalsIgnoreCase(name)
            || "Cc".equalsIgnoreCase(name) || "Bcc".equalsIgnoreCase(name);
    }

    private static String decoded(String rawValue) {
        return DecoderUtil.decodeEncodedWords(MimeUtil.unfold(rawValue), DecodeMonitor.SILENT);
    }

    /**
     * The charset of a text part; UTF-8 when none is named, US-ASCII is named or the name is unknown: ASCII text
     * reads the same, and 8-bit text sent without a charset (common) is most often UTF-8.
     */
    private static Charset charset(String name) {
        try {
            Charset charset = Charset.forName(Optional.ofNullable(name).orElse(DEFAULT_CHARSET));
            return charset.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : charset;
        } catch (RuntimeException unknown) {
            return StandardCharsets.UTF_8;
        }
    }
}
