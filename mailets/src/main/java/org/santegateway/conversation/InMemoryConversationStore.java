package org.santegateway.conversation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.MailAddress;

/**
 * A {@link ConversationStore} in memory, one lock for everything: the reference semantics for
 * tests and for tools that need no persistence.
 */
public class InMemoryConversationStore implements ConversationStore {
    private final Map<ConversationId, Conversation> conversations = new HashMap<>();
    private final Map<String, ConversationId> messages = new HashMap<>();

    @Override
    public synchronized Optional<Conversation> findByMessage(String messageHash) {
        return Optional.ofNullable(messages.get(messageHash)).map(conversations::get);
    }

    @Override
    public synchronized Optional<Conversation> find(ConversationId id) {
        return Optional.ofNullable(conversations.get(id));
    }

    @Override
    public synchronized List<Conversation> conversationsOf(MailAddress patient) {
        return conversations.values().stream().filter(conversation -> conversation.hasPatient(patient)).toList();
    }

    @Override
    public synchronized RecordResult record(ConversationChange change) {
        if (change instanceof ConversationChange.Open open) {
            return open(open);
        }
        return append((ConversationChange.Append) change);
    }

    private RecordResult open(ConversationChange.Open open) {
        if (messages.containsKey(open.rootMessageHash())) {
            return new RecordResult.Conflict("root message already known");
        }
        if (conversations.containsKey(open.conversationId())) {
            return new RecordResult.Conflict("conversation id already used");
        }
        Conversation conversation = new Conversation(open.conversationId(), open.rootMessageHash(), open.professionals(),
            open.patients(), open.state(), open.at(), open.at());
        conversations.put(conversation.id(), conversation);
        messages.put(open.rootMessageHash(), conversation.id());
        return new RecordResult.Recorded(conversation);
    }

    private RecordResult append(ConversationChange.Append append) {
        Conversation current = conversations.get(append.conversationId());
        if (current == null) {
            return new RecordResult.Conflict("conversation unknown");
        }
        if (append.requireOpen() && !current.isOpen()) {
            return new RecordResult.Conflict("conversation closed");
        }
        append.messageHash().ifPresent(hash -> messages.putIfAbsent(hash, current.id()));
        Conversation updated = new Conversation(current.id(), current.rootMessageHash(),
            union(current.professionals(), append.professionals()), union(current.patients(), append.patients()),
            append.newState().orElse(current.state()), current.openedAt(), append.at());
        conversations.put(updated.id(), updated);
        return new RecordResult.Recorded(updated);
    }

    private static Set<MailAddress> union(Set<MailAddress> a, Set<MailAddress> b) {
        Set<MailAddress> union = new HashSet<>(a);
        union.addAll(b);
        return union;
    }
}
