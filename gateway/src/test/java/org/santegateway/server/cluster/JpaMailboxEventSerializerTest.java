package org.santegateway.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.event.json.MailboxEventSerializer;
import org.apache.james.events.Event;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.events.MailboxEvents;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.quota.DefaultUserQuotaRootResolver;
import org.junit.jupiter.api.Test;

class JpaMailboxEventSerializerTest {
    static final Username USER = Username.of("patient@patient.mssante.fr");
    static final MailboxPath INBOX = MailboxPath.inbox(USER);
    static final JPAId MAILBOX = JPAId.of(42);
    static final DefaultUserQuotaRootResolver.DefaultQuotaRootDeserializer QUOTA_ROOTS =
        new DefaultUserQuotaRootResolver.DefaultQuotaRootDeserializer();

    final JpaMailboxEventSerializer serializer = new JpaMailboxEventSerializer(new JPAId.Factory(), QUOTA_ROOTS);

    static MessageMetaData jpaMetaData(long uid) {
        DefaultMessageId messageId = new DefaultMessageId();
        return new MessageMetaData(MessageUid.of(uid), ModSeq.of(uid + 10), new Flags(Flags.Flag.SEEN), 1234, new Date(0),
            Optional.empty(), messageId, ThreadId.fromBaseMessageId(messageId));
    }

    static MailboxEvents.Added added() {
        SortedMap<MessageUid, MessageMetaData> added = new TreeMap<>();
        added.put(MessageUid.of(7), jpaMetaData(7));
        added.put(MessageUid.of(8), jpaMetaData(8));
        return new MailboxEvents.Added(MailboxSession.SessionId.of(1), USER, INBOX, MAILBOX, added, Event.EventId.random(), true);
    }

    @Test
    void jamesSerializerShouldFailOnJpaMessageIds() {
        MailboxEventSerializer james = new MailboxEventSerializer(new JPAId.Factory(), new DefaultMessageId.Factory(), QUOTA_ROOTS);

        assertThatThrownBy(() -> james.toJson(added())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void addedShouldTravelWithItsUidsModSeqsAndFlags() {
        MailboxEvents.Added original = added();

        MailboxEvents.Added read = (MailboxEvents.Added) serializer.fromBytes(serializer.toJsonBytes(original));

        assertThat(read.getEventId()).isEqualTo(original.getEventId());
        assertThat(read.getMailboxId()).isEqualTo(MAILBOX);
        assertThat(read.getMailboxPath()).isEqualTo(INBOX);
        assertThat(read.isDelivery()).isTrue();
        assertThat(read.getUids()).containsExactly(MessageUid.of(7), MessageUid.of(8));
        assertThat(read.getMetaData(MessageUid.of(8)).getModSeq()).isEqualTo(ModSeq.of(18));
        assertThat(read.getMetaData(MessageUid.of(8)).getFlags().contains(Flags.Flag.SEEN)).isTrue();
        assertThat(read.getMetaData(MessageUid.of(8)).getMessageId()).isEqualTo(NoMessageId.INSTANCE);
    }

    @Test
    void expungedShouldTravelWithItsUids() {
        MailboxEvents.Expunged original = new MailboxEvents.Expunged(MailboxSession.SessionId.of(1), USER, INBOX, MAILBOX,
            added().getAdded(), Event.EventId.random());

        MailboxEvents.Expunged read = (MailboxEvents.Expunged) serializer.asEvent(serializer.toJson(original));

        assertThat(read.getUids()).containsExactly(MessageUid.of(7), MessageUid.of(8));
    }

    @Test
    void flagsUpdatedShouldTravelWithItsFlags() {
        UpdatedFlags update = UpdatedFlags.builder()
            .uid(MessageUid.of(7))
            .messageId(new DefaultMessageId())
            .modSeq(ModSeq.of(20))
            .oldFlags(new Flags())
            .newFlags(new Flags(Flags.Flag.FLAGGED))
            .build();
        MailboxEvents.FlagsUpdated original = new MailboxEvents.FlagsUpdated(MailboxSession.SessionId.of(1), USER, INBOX, MAILBOX,
            List.of(update), Event.EventId.random());

        MailboxEvents.FlagsUpdated read = (MailboxEvents.FlagsUpdated) serializer.asEvent(serializer.toJson(original));

        assertThat(read.getUpdatedFlags()).singleElement().satisfies(flags -> {
            assertThat(flags.getUid()).isEqualTo(MessageUid.of(7));
            assertThat(flags.getModSeq()).isEqualTo(ModSeq.of(20));
            assertThat(flags.isModifiedToSet(Flags.Flag.FLAGGED)).isTrue();
        });
    }
}
