package org.santegateway.server.webmail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.inject.Inject;
import javax.mail.Flags;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.Header;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

import reactor.core.publisher.Mono;

/**
 * The patient's messages through James's {@link MailboxManager}, always in a session of the
 * patient: a mailbox of somebody else cannot be opened (James checks its rights), whatever
 * identifier a request carries. Received messages are in INBOX, the webmail's sent replies in
 * {@value #SENT}.
 */
public class PatientMessages {
    public static final String SENT = "Sent";
    private static final Session MAIL_SESSION = Session.getInstance(new Properties());

    /** What the conversation list needs of one message: its header, flags and place. */
    public record Summary(MailboxId mailboxId, MessageUid uid, boolean sent, Optional<String> messageId,
                          String fromName, String fromAddress, List<String> to, String subject, Instant date, boolean seen) {
    }

    private record CachedMailbox(String state, List<Summary> summaries) {
    }

    private final MailboxManager mailboxManager;
    /** Headers of recently listed mailboxes, with the mailbox state they were read at. */
    private final Cache<MailboxPath, CachedMailbox> cache = CacheBuilder.newBuilder()
        .maximumSize(1_000)
        .expireAfterAccess(Duration.ofMinutes(30))
        .build();

    @Inject
    public PatientMessages(MailboxManager mailboxManager) {
        this.mailboxManager = mailboxManager;
    }

    /** Headers of every message of INBOX and the sent mailbox. */
    public List<Summary> summaries(Username user) {
        MailboxSession session = mailboxManager.createSystemSession(user);
        try {
            List<Summary> result = new ArrayList<>();
            for (String name : List.of(MailboxConstants.INBOX, SENT)) {
                MailboxPath path = MailboxPath.forUser(user, name);
                if (!Boolean.TRUE.equals(Mono.from(mailboxManager.mailboxExists(path, session)).block())) {
                    continue;
                }
                MessageManager mailbox = mailboxManager.getMailbox(path, session);
                MessageManager.MailboxMetaData metaData = mailbox.getMetaData(MessageManager.MailboxMetaData.RecentMode.IGNORE, session,
                    MessageManager.MailboxMetaData.FetchGroup.NO_UNSEEN);
                // Any change of the mailbox (delivery, flag, expunge) changes one of these: the cached headers are then read again.
                String state = mailbox.getId().serialize() + "/" + metaData.getHighestModSeq().asLong() + "/" + metaData.getUidNext().asLong()
                    + "/" + metaData.getMessageCount();
                CachedMailbox cached = cache.getIfPresent(path);
                if (cached == null || !cached.state().equals(state)) {
                    List<Summary> read = new ArrayList<>();
                    MessageResultIterator messages = mailbox.getMessages(MessageRange.all(), FetchGroup.HEADERS, session);
                    while (messages.hasNext()) {
                        read.add(summary(messages.next(), name.equals(SENT)));
                    }
                    cached = new CachedMailbox(state, List.copyOf(read));
                    cache.put(path, cached);
                }
                result.addAll(cached.summaries());
            }
            return result;
        } catch (MailboxException e) {
            throw new IllegalStateException("Cannot read the mailbox", e);
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    /** The full message, if it is in one of the user's own mailboxes. */
    public Optional<MimeMessage> message(Username user, MailboxId mailboxId, MessageUid uid) {
        MailboxSession session = mailboxManager.createSystemSession(user);
        try {
            MessageManager mailbox = ownMailbox(user, mailboxId, session);
            if (mailbox == null) {
                return Optional.empty();
            }
            MessageResultIterator messages = mailbox.getMessages(MessageRange.one(uid), FetchGroup.FULL_CONTENT, session);
            if (!messages.hasNext()) {
                return Optional.empty();
            }
            try (InputStream content = messages.next().getFullContent().getInputStream()) {
                return Optional.of(new MimeMessage(MAIL_SESSION, new ByteArrayInputStream(content.readAllBytes())));
            }
        } catch (MailboxException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException("Unreadable message", e);
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    public void markSeen(Username user, MailboxId mailboxId, List<MessageUid> uids) {
        if (uids.isEmpty()) {
            return;
        }
        MailboxSession session = mailboxManager.createSystemSession(user);
        try {
            MessageManager mailbox = ownMailbox(user, mailboxId, session);
            if (mailbox != null) {
                for (MessageUid uid : uids) {
                    mailbox.setFlags(new Flags(Flags.Flag.SEEN), MessageManager.FlagsUpdateMode.ADD, MessageRange.one(uid), session);
                }
            }
        } catch (MailboxException e) {
            throw new IllegalStateException("Cannot update flags", e);
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    /** Keeps a copy of a message the patient sent from the webmail, read. */
    public void saveSent(Username user, MimeMessage message) {
        MailboxSession session = mailboxManager.createSystemSession(user);
        try {
            MailboxPath path = MailboxPath.forUser(user, SENT);
            if (!Boolean.TRUE.equals(Mono.from(mailboxManager.mailboxExists(path, session)).block())) {
                mailboxManager.createMailbox(path, session);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            message.writeTo(bytes);
            mailboxManager.getMailbox(path, session).appendMessage(MessageManager.AppendCommand.builder()
                .withFlags(new Flags(Flags.Flag.SEEN))
                .build(bytes.toByteArray()), session);
        } catch (MailboxException | MessagingException e) {
            throw new IllegalStateException("Cannot keep the sent message", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    /** Null unless the mailbox exists and belongs to the user (James refuses others' mailboxes). */
    private MessageManager ownMailbox(Username user, MailboxId mailboxId, MailboxSession session) {
        try {
            MessageManager mailbox = mailboxManager.getMailbox(mailboxId, session);
            return mailbox.getMailboxPath().belongsTo(session) ? mailbox : null;
        } catch (MailboxException e) {
            return null;
        }
    }

    private static Summary summary(MessageResult result, boolean sent) throws MailboxException {
        Optional<String> messageId = Optional.empty();
        String from = "";
        String subject = "";
        List<String> to = new ArrayList<>();
        Iterator<Header> headers = result.getHeaders().headers();
        while (headers.hasNext()) {
            Header header = headers.next();
            String name = header.getName();
            if (name.equalsIgnoreCase("Message-ID") && messageId.isEmpty()) {
                messageId = Optional.of(header.getValue().trim());
            } else if (name.equalsIgnoreCase("From") && from.isEmpty()) {
                from = header.getValue();
            } else if (name.equalsIgnoreCase("Subject") && subject.isEmpty()) {
                subject = decode(header.getValue());
            } else if (name.equalsIgnoreCase("To")) {
                to.add(header.getValue());
            }
        }
        InternetAddress fromAddress = firstAddress(from);
        String fromName = fromAddress == null ? "" : Optional.ofNullable(fromAddress.getPersonal()).orElse(fromAddress.getAddress());
        List<String> toNames = new ArrayList<>();
        for (String value : to) {
            try {
                for (InternetAddress address : InternetAddress.parseHeader(unfold(value), false)) {
                    toNames.add(Optional.ofNullable(address.getPersonal()).orElse(address.getAddress()));
                }
            } catch (AddressException e) {
                // An unreadable To: header is shown as nobody.
            }
        }
        return new Summary(result.getMailboxId(), result.getUid(), sent, messageId, fromName,
            fromAddress == null ? "" : fromAddress.getAddress(), toNames, subject, result.getInternalDate().toInstant(),
            result.getFlags().contains(Flags.Flag.SEEN));
    }

    static InternetAddress firstAddress(String header) {
        try {
            InternetAddress[] addresses = InternetAddress.parseHeader(unfold(header), false);
            return addresses.length == 0 ? null : addresses[0];
        } catch (AddressException e) {
            return null;
        }
    }

    private static String unfold(String value) {
        return value.replaceAll("\r?\n", "");
    }

    static String decode(String value) {
        try {
            return MimeUtility.decodeText(unfold(value)).trim();
        } catch (IOException e) {
            return unfold(value).trim();
        }
    }

    /** James's name of the inbox. */
    private static final class MailboxConstants {
        static final String INBOX = "INBOX";
    }
}
