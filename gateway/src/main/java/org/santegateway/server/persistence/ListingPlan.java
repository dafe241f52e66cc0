package org.santegateway.server.persistence;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.mail.MessageMapper.FetchType;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

/**
 * The UID ranges a command is about to list one after the other, announced before it starts so that the message
 * mapper reads them in one listing. James lists a message set range by range: {@code FETCH 1:5,7:15,17:18,24:30 ...}
 * (what a client sends for the messages it lacks, and imaptest's FETCH) was four listings of four statements each,
 * 44 for the eleven ranges imaptest typically sends; with a plan it is one of four. Kept in the
 * {@link MailboxSession}'s attributes for the duration of the command (a session runs one command at a time), read by
 * {@link SharedMailboxMessageMapper}. Only reads are planned: a listing inside a write (a flag update) is never
 * served from here.
 */
public final class ListingPlan {
    private static final String ATTRIBUTE = ListingPlan.class.getName();

    private final MailboxId mailboxId;
    private final List<MessageRange> ranges;
    private final Map<FetchType, List<MailboxMessage>> listed = new EnumMap<>(FetchType.class);

    private ListingPlan(MailboxId mailboxId, List<MessageRange> ranges) {
        this.mailboxId = mailboxId;
        this.ranges = List.copyOf(ranges);
    }

    /** Announces the ranges of {@code mailboxId} the session's command will list, until {@link #end}. */
    public static void start(MailboxSession session, MailboxId mailboxId, List<MessageRange> ranges) {
        session.getAttributes().put(ATTRIBUTE, new ListingPlan(mailboxId, ranges));
    }

    public static void end(MailboxSession session) {
        session.getAttributes().remove(ATTRIBUTE);
    }

    /** The plan of the session's command if {@code range} is one of its ranges in {@code mailboxId}. */
    static Optional<ListingPlan> covering(MailboxSession session, MailboxId mailboxId, MessageRange range) {
        if (session == null || !(session.getAttributes().get(ATTRIBUTE) instanceof ListingPlan plan)) {
            return Optional.empty();
        }
        return plan.mailboxId.equals(mailboxId) && plan.ranges.contains(range) ? Optional.of(plan) : Optional.empty();
    }

    List<MessageRange> ranges() {
        return ranges;
    }

    /** The messages of the plan listed with {@code type}, if they were. */
    Optional<List<MailboxMessage>> listed(FetchType type) {
        synchronized (listed) {
            return Optional.ofNullable(listed.get(type));
        }
    }

    void keep(FetchType type, List<MailboxMessage> messages) {
        synchronized (listed) {
            listed.put(type, messages);
        }
    }

    /** The messages of {@code listing} in {@code range}, in the listing's order. */
    static List<MailboxMessage> in(List<MailboxMessage> listing, MessageRange range) {
        List<MailboxMessage> messages = new ArrayList<>();
        for (MailboxMessage message : listing) {
            if (range.includes(message.getUid())) {
                messages.add(message);
            }
        }
        return messages;
    }
}
