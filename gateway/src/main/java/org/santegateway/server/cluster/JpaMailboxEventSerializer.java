package org.santegateway.server.cluster;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.event.json.MailboxEventSerializer;
import org.apache.james.events.Event;
import org.apache.james.events.EventSerializer;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.events.MailboxEvents;
import org.apache.james.mailbox.events.MessageMoveEvent;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.quota.QuotaRootDeserializer;

/**
 * James's JSON serializer of mailbox events ({@link MailboxEventSerializer}) for the JPA mailboxes, which have no
 * message ids: their messages carry a {@code DefaultMessageId} that refuses to be serialized (and to be compared).
 * Before serializing, every message id of an event (in added and expunged metadata, thread ids, flag updates and
 * moves) is replaced by {@link NoMessageId}, and read back as one; nothing on the JPA backend reads them (IMAP works
 * by mailbox and UID, the search index reads the messages from the database).
 */
public class JpaMailboxEventSerializer implements EventSerializer {
    private final MailboxEventSerializer serializer;

    @Inject
    public JpaMailboxEventSerializer(MailboxId.Factory mailboxIdFactory, QuotaRootDeserializer quotaRootDeserializer) {
        this.serializer = new MailboxEventSerializer(mailboxIdFactory, new NoMessageId.Factory(), quotaRootDeserializer);
    }

    @Override
    public String toJson(Event event) {
        return serializer.toJson(withoutMessageIds(event));
    }

    @Override
    public byte[] toJsonBytes(Event event) {
        return serializer.toJsonBytes(withoutMessageIds(event));
    }

    @Override
    public Event asEvent(String serialized) {
        return serializer.asEvent(serialized);
    }

    static Event withoutMessageIds(Event event) {
        if (event instanceof MailboxEvents.Added added) {
            return new MailboxEvents.Added(added.getSessionId(), added.getUsername(), added.getMailboxPath(), added.getMailboxId(),
                withoutMessageIds(added.getAdded()), added.getEventId(), added.isDelivery());
        }
        if (event instanceof MailboxEvents.Expunged expunged) {
            return new MailboxEvents.Expunged(expunged.getSessionId(), expunged.getUsername(), expunged.getMailboxPath(),
                expunged.getMailboxId(), withoutMessageIds(expunged.getExpunged()), expunged.getEventId());
        }
        if (event instanceof MailboxEvents.FlagsUpdated updated) {
            List<UpdatedFlags> flags = updated.getUpdatedFlags().stream()
                .map(update -> UpdatedFlags.builder()
                    .uid(update.getUid())
                    .messageId(update.getMessageId().map(any -> NoMessageId.INSTANCE))
                    .modSeq(update.getModSeq())
                    .oldFlags(update.getOldFlags())
                    .newFlags(update.getNewFlags())
                    .build())
                .collect(Collectors.toList());
            return new MailboxEvents.FlagsUpdated(updated.getSessionId(), updated.getUsername(), updated.getMailboxPath(),
                updated.getMailboxId(), flags, updated.getEventId());
        }
        if (event instanceof MessageMoveEvent move) {
            return MessageMoveEvent.builder()
                .eventId(move.getEventId())
                .user(move.getUsername())
                .messageMoves(move.getMessageMoves())
                .messageId(move.getMessageIds().isEmpty() ? List.of() : List.of(NoMessageId.INSTANCE))
                .build();
        }
        return event;
    }

    private static SortedMap<MessageUid, MessageMetaData> withoutMessageIds(Map<MessageUid, MessageMetaData> metaData) {
        SortedMap<MessageUid, MessageMetaData> result = new TreeMap<>();
        metaData.forEach((uid, data) -> result.put(uid, new MessageMetaData(data.getUid(), data.getModSeq(), data.getFlags(),
            data.getSize(), data.getInternalDate(), data.getSaveDate(), NoMessageId.INSTANCE,
            ThreadId.fromBaseMessageId(NoMessageId.INSTANCE))));
        return result;
    }
}
