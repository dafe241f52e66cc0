package org.santegateway.server.persistence.search;

import java.util.Locale;

/**
 * Names of the fields of the search index. Those of James's Lucene index are kept (ids, flags, dates, sizes, sort
 * keys) so that existing tools read them the same way; the searchable text is in fields of its own, cut into
 * trigrams ({@link SubstringAnalyzer}).
 */
public final class IndexFields {
    // James's fields
    public static final String ID = "id";
    public static final String FLAGS_ID_PREFIX = "flags-";
    public static final String MAILBOX_ID = "mailboxid";
    public static final String UID = "uid";
    public static final String FLAGS = "flags";
    public static final String USERS = "userSession";
    public static final String HAS_ATTACHMENT = "hasAttachment";
    public static final String MESSAGE_ID = "messageid";
    public static final String THREAD_ID = "threadId";
    public static final String SIZE = "size";
    public static final String MODSEQ = "modSeq";
    public static final String BASE_SUBJECT = "baseSubject";
    public static final String FIRST_FROM_MAILBOX_NAME = "firstFromMailboxName";
    public static final String FIRST_FROM_MAILBOX_DISPLAY = "firstFromMailboxDisplay";
    public static final String FIRST_TO_MAILBOX_NAME = "firstToMailboxName";
    public static final String FIRST_TO_MAILBOX_DISPLAY = "firstToMailboxDisplay";
    public static final String FIRST_CC_MAILBOX_NAME = "firstCcMailboxName";
    public static final String INTERNAL_DATE_PREFIX = "internaldate";
    public static final String SAVE_DATE_PREFIX = "saveDate";
    public static final String SENT_DATE_PREFIX = "sentdate";
    public static final String SENT_DATE_SORT = "sentdateSort";

    // The gateway's substring fields
    /** Every header as {@code name: value}, decoded and unfolded (IMAP TEXT). */
    public static final String HEADERS = "headers";
    /** The decoded text of the text/* and message/* parts (IMAP BODY, TEXT). */
    public static final String BODY = "body";
    /** Lower-cased names of the headers present (IMAP HEADER name ""). */
    public static final String HEADER_NAMES = "headerName";
    /** The Date header's calendar date as written, {@code yyyyMMdd} (IMAP SENT*). */
    public static final String SENT_DAY_AS_WRITTEN = "sentDayAsWritten";
    private static final String HEADER_PREFIX = "header:";

    private IndexFields() {
    }

    /** The values of one header (IMAP SUBJECT, FROM, TO, CC, BCC, HEADER). */
    public static String header(String name) {
        return HEADER_PREFIX + name.toLowerCase(Locale.US);
    }
}
