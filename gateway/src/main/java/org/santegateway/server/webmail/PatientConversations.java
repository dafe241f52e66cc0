package org.santegateway.server.webmail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.santegateway.conversation.Conversation;
import org.santegateway.conversation.ConversationId;
import org.santegateway.conversation.ConversationStore;
import org.santegateway.conversation.MessageThreading;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * The patient's messages grouped into conversations: a message belongs to the conversation the
 * store recorded for its Message-ID (the same store the conversation policy decides on); a
 * message outside any conversation stands alone. Keys in URLs are {@code c-<conversation id>}
 * or {@code m-<mailbox id>-<uid>}, always looked up among the patient's own messages.
 */
public class PatientConversations {
    private static final int MAX_CACHED = 200_000;

    /** One line of the conversation list. */
    public record Item(String key, String professional, String subject, Instant date, boolean unread, boolean closed, int count) {
    }

    /** One conversation with its messages, oldest first. */
    public record Thread(String key, Optional<Conversation> conversation, List<PatientMessages.Summary> messages) {
        public boolean closed() {
            return conversation.map(value -> !value.isOpen()).orElse(false);
        }

        public PatientMessages.Summary latest() {
            return messages.get(messages.size() - 1);
        }
    }

    private final PatientMessages messages;
    private final ConversationStore store;
    /** Message-ID hash to conversation: set when the message was decided on, it never changes. */
    private final Map<String, Optional<ConversationId>> membership = new ConcurrentHashMap<>();
    /**
     * Closed states shown in the list, kept a few seconds (the list of a busy patient would read
     * every listed conversation on each display); a conversation's own page always reads it fresh.
     */
    private final Cache<ConversationId, Boolean> closedStates = CacheBuilder.newBuilder()
        .maximumSize(100_000)
        .expireAfterWrite(Duration.ofSeconds(10))
        .build();

    @Inject
    public PatientConversations(PatientMessages messages, ConversationStore store) {
        this.messages = messages;
        this.store = store;
    }

    /** The user's conversations, the most recently active first. */
    public List<Item> list(Username user) {
        Map<String, List<PatientMessages.Summary>> groups = group(messages.summaries(user));
        List<Item> items = new ArrayList<>(groups.size());
        for (Map.Entry<String, List<PatientMessages.Summary>> group : groups.entrySet()) {
            items.add(item(group.getKey(), group.getValue(), false));
        }
        items.sort(Comparator.comparing(Item::date).reversed());
        return items;
    }

    /** The closed state of listed conversations, read fresh from the store (a professional may have just closed one). */
    public Item withState(Item item) {
        if (!item.key().startsWith("c-")) {
            return item;
        }
        ConversationId id = new ConversationId(item.key().substring(2));
        Boolean closed = closedStates.getIfPresent(id);
        if (closed == null) {
            closed = store.find(id).map(value -> !value.isOpen()).orElse(false);
            closedStates.put(id, closed);
        }
        return new Item(item.key(), item.professional(), item.subject(), item.date(), item.unread(), closed, item.count());
    }

    public Optional<Thread> thread(Username user, String key) {
        List<PatientMessages.Summary> found = group(messages.summaries(user)).get(key);
        if (found == null) {
            return Optional.empty();
        }
        Optional<Conversation> conversation = Optional.empty();
        if (key.startsWith("c-")) {
            MailAddress patient = address(user);
            conversation = store.find(new ConversationId(key.substring(2))).filter(value -> value.hasPatient(patient));
            if (conversation.isEmpty()) {
                return Optional.empty();
            }
            closedStates.put(conversation.get().id(), !conversation.get().isOpen());
        }
        List<PatientMessages.Summary> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparing(PatientMessages.Summary::date));
        return Optional.of(new Thread(key, conversation, sorted));
    }

    static MailAddress address(Username user) {
        try {
            return user.asMailAddress();
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalArgumentException("Not a mail address", e);
        }
    }

    private Map<String, List<PatientMessages.Summary>> group(List<PatientMessages.Summary> summaries) {
        Set<String> outside = resolveConversations(summaries);
        Map<String, List<PatientMessages.Summary>> groups = new LinkedHashMap<>();
        for (PatientMessages.Summary summary : summaries) {
            groups.computeIfAbsent(key(summary, outside), any -> new ArrayList<>()).add(summary);
        }
        return groups;
    }

    private String key(PatientMessages.Summary summary, Set<String> outside) {
        Optional<ConversationId> conversation = summary.messageId()
            .filter(messageId -> !outside.contains(MessageThreading.hash(messageId)))
            .flatMap(this::conversationOf);
        return conversation.map(id -> "c-" + id.value())
            .orElseGet(() -> "m-" + summary.mailboxId().serialize() + "-" + summary.uid().asLong());
    }

    /**
     * Looks up, in one batch, the conversations of the listed messages not in the cache yet;
     * answers the hashes of those that belong to none (just looked up: not asked again one by one).
     */
    private Set<String> resolveConversations(List<PatientMessages.Summary> summaries) {
        List<String> unknown = new ArrayList<>();
        for (PatientMessages.Summary summary : summaries) {
            summary.messageId().map(MessageThreading::hash)
                .filter(hash -> membership.get(hash) == null)
                .ifPresent(unknown::add);
        }
        if (unknown.isEmpty()) {
            return Set.of();
        }
        Map<String, ConversationId> found = store.conversationIdsOf(unknown);
        if (membership.size() + found.size() > MAX_CACHED) {
            membership.clear();
        }
        // Absence is not cached: a reply just sent is recorded by the pipeline a moment later.
        found.forEach((hash, id) -> membership.put(hash, Optional.of(id)));
        Set<String> outside = new HashSet<>(unknown);
        outside.removeAll(found.keySet());
        return outside;
    }

    private Optional<ConversationId> conversationOf(String messageId) {
        String hash = MessageThreading.hash(messageId);
        Optional<ConversationId> cached = membership.get(hash);
        if (cached != null) {
            return cached;
        }
        Optional<ConversationId> found = store.findByMessage(hash).map(Conversation::id);
        if (membership.size() > MAX_CACHED) {
            membership.clear();
        }
        if (found.isPresent()) {
            // Absence is not cached: a reply just sent is recorded by the pipeline a moment later.
            membership.put(hash, found);
        }
        return found;
    }

    private static Item item(String key, List<PatientMessages.Summary> group, boolean closed) {
        PatientMessages.Summary latest = group.get(0);
        PatientMessages.Summary first = group.get(0);
        PatientMessages.Summary latestReceived = null;
        boolean unread = false;
        for (PatientMessages.Summary summary : group) {
            if (summary.date().isAfter(latest.date())) {
                latest = summary;
            }
            if (summary.date().isBefore(first.date())) {
                first = summary;
            }
            if (!summary.sent()) {
                unread |= !summary.seen();
                if (latestReceived == null || summary.date().isAfter(latestReceived.date())) {
                    latestReceived = summary;
                }
            }
        }
        String professional = latestReceived != null
            ? latestReceived.fromName()
            : String.join(", ", latest.to());
        return new Item(key, professional, first.subject(), latest.date(), unread, closed, group.size());
    }
}
