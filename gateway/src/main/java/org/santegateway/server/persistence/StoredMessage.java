package org.santegateway.server.persistence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.Flags;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.model.AttachmentId;
import org.apache.james.mailbox.model.Content;
import org.apache.james.mailbox.model.MessageAttachmentMetadata;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.ParsedAttachment;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.mail.model.impl.MessageParser;
import org.apache.james.mailbox.store.mail.model.impl.Properties;
import org.apache.james.mailbox.store.mail.model.impl.PropertyBuilder;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;

import com.google.common.collect.ImmutableList;

/**
 * A message of the mailbox table read by {@link MessageRows}, detached from any entity manager: the columns the
 * listing read, and what it did not read (header, body, MIME properties) loaded on first use through the mapper
 * that listed it, as James's JPA entity loads them lazily. Equal in what it answers to James's
 * {@code JPAMailboxMessage}: no message id (the JPA backend has none), attachments parsed from the content.
 */
final class StoredMessage extends SimpleMailboxMessage {
    /** Reads what a listing left out, for one message, when it is first asked for. */
    interface Loader {
        byte[] header(MessageUid uid) throws IOException;

        byte[] body(MessageUid uid) throws IOException;

        Properties properties(MessageUid uid);
    }

    /** The columns of one row of the mailbox table. */
    record Row(MessageUid uid, ModSeq modSeq, Date internalDate, int bodyStartOctet, long contentOctets,
               String mediaType, String subType, Long textualLineCount) {
    }

    private final Row row;
    private final Bytes bytes;
    private final Loader loader;
    private Properties properties;

    private StoredMessage(MessageId messageId, JPAId mailboxId, Row row, Flags flags, Bytes bytes, Loader loader, Properties properties) {
        super(messageId, ThreadId.fromBaseMessageId(messageId), row.internalDate(), row.contentOctets(),
            row.bodyStartOctet(), bytes, flags, new PropertyBuilder().build(), mailboxId, ImmutableList.of(), Optional.empty());
        this.row = row;
        this.bytes = bytes;
        this.loader = loader;
        this.properties = properties;
        setUid(row.uid());
        setModSeq(row.modSeq());
    }

    static StoredMessage of(JPAId mailboxId, Row row, Flags flags, byte[] header, byte[] body, Properties properties, Loader loader) {
        return new StoredMessage(new DefaultMessageId(), mailboxId, row, flags, new Bytes(row, header, body, loader), loader, properties);
    }

    @Override
    public String getMediaType() {
        return row.mediaType();
    }

    @Override
    public String getSubType() {
        return row.subType();
    }

    @Override
    public Long getTextualLineCount() {
        return row.textualLineCount();
    }

    @Override
    public synchronized Properties getProperties() {
        if (properties == null) {
            properties = loader.properties(row.uid());
        }
        return properties;
    }

    @Override
    public InputStream getHeaderContent() throws IOException {
        return new ByteArrayInputStream(bytes.header());
    }

    @Override
    public InputStream getBodyContent() throws IOException {
        return new ByteArrayInputStream(bytes.body());
    }

    @Override
    public InputStream getFullContent() throws IOException {
        return bytes.getInputStream();
    }

    /** The attachments as James's JPA message gives them: parsed from the content, ids from mailbox, UID and rank. */
    @Override
    public List<MessageAttachmentMetadata> getAttachments() {
        try {
            MessageParser.ParsingResult parsed = new MessageParser().retrieveAttachments(getFullContent());
            try {
                AtomicInteger position = new AtomicInteger();
                ImmutableList.Builder<MessageAttachmentMetadata> attachments = ImmutableList.builder();
                for (ParsedAttachment attachment : parsed.getAttachments()) {
                    attachments.add(attachment.asMessageAttachment(AttachmentId.from(
                        getMailboxId().serialize() + "-" + getUid().asLong() + "-" + position.incrementAndGet()), getMessageId()));
                }
                return attachments.build();
            } finally {
                parsed.dispose();
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the attachments of a message", e);
        }
    }

    /** Header and body as read by the listing, the missing one read once when first asked for. */
    private static final class Bytes implements Content {
        private final Row row;
        private final Loader loader;
        private byte[] header;
        private byte[] body;

        private Bytes(Row row, byte[] header, byte[] body, Loader loader) {
            this.row = row;
            this.header = header;
            this.body = body;
            this.loader = loader;
        }

        synchronized byte[] header() throws IOException {
            if (header == null) {
                header = loader.header(row.uid());
            }
            return header;
        }

        synchronized byte[] body() throws IOException {
            if (body == null) {
                body = loader.body(row.uid());
            }
            return body;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return new SequenceInputStream(new ByteArrayInputStream(header()), new ByteArrayInputStream(body()));
        }

        @Override
        public long size() {
            return row.contentOctets();
        }
    }
}
