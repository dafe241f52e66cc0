package org.santegateway.server.conversation;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import javax.inject.Inject;
import javax.mail.internet.AddressException;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;
import javax.persistence.PersistenceException;

import org.apache.james.core.MailAddress;
import org.santegateway.conversation.Conversation;
import org.santegateway.conversation.ConversationChange;
import org.santegateway.conversation.ConversationId;
import org.santegateway.conversation.ConversationState;
import org.santegateway.conversation.ConversationStore;

/**
 * {@link ConversationStore} on the gateway's JPA database (embedded Derby by default).
 *
 * <p>Lookups go through primary keys and indexes only: Message-ID hash to conversation (primary
 * key of {@code GATEWAY_CONVERSATION_MESSAGE}), conversation by id, participants by the indexed
 * conversation id. Each change is one transaction. Appending locks the conversation row
 * ({@code SELECT ... FOR UPDATE}) so that racing messages of one conversation apply one after the
 * other; opening relies on the primary key of the root message, so that the same message racing
 * in twice opens one conversation and the loser gets a conflict (and is decided again).</p>
 */
public class JpaConversationStore implements ConversationStore {
    private static final String PATIENT = "PATIENT";
    private static final String PROFESSIONAL = "PROFESSIONAL";
    /** Message hashes per IN query of {@link #conversationIdsOf}: well under Derby's statement limits. */
    private static final int BATCH = 500;

    private final EntityManagerFactory entityManagerFactory;

    @Inject
    public JpaConversationStore(EntityManagerFactory entityManagerFactory) {
        this.entityManagerFactory = entityManagerFactory;
    }

    @Override
    public Optional<Conversation> findByMessage(String messageHash) {
        return read(entityManager -> Optional.ofNullable(entityManager.find(JpaConversationMessage.class, messageHash))
            .flatMap(message -> load(entityManager, message.getConversationId())));
    }

    @Override
    public Map<String, ConversationId> conversationIdsOf(Collection<String> messageHashes) {
        List<String> hashes = List.copyOf(new LinkedHashSet<>(messageHashes));
        Map<String, ConversationId> found = new HashMap<>();
        for (int start = 0; start < hashes.size(); start += BATCH) {
            List<String> batch = hashes.subList(start, Math.min(hashes.size(), start + BATCH));
            read(entityManager -> {
                entityManager.createQuery("SELECT m FROM GatewayConversationMessage m WHERE m.messageHash IN :hashes",
                        JpaConversationMessage.class)
                    .setParameter("hashes", batch)
                    .getResultList()
                    .forEach(message -> found.put(message.getMessageHash(), new ConversationId(message.getConversationId())));
                return null;
            });
        }
        return found;
    }

    @Override
    public Optional<Conversation> find(ConversationId id) {
        return read(entityManager -> load(entityManager, id.value()));
    }

    @Override
    public List<Conversation> conversationsOf(MailAddress patient) {
        return read(entityManager -> entityManager.createQuery(
                "SELECT p.conversationId FROM GatewayConversationParticipant p WHERE p.address IN :addresses AND p.role = :role", String.class)
            .setParameter("addresses", spellings(patient))
            .setParameter("role", PATIENT)
            .getResultList().stream()
            .map(id -> load(entityManager, id))
            .flatMap(Optional::stream)
            .toList());
    }

    /**
     * The spellings a patient address may be stored under: addresses compare without case ({@link MailAddress#equals}),
     * the stored column does not, and an INS of a Corsican birth ("2A", "2B") arrives in either case depending on the
     * client. The domain is always lower case. An IN over the indexed column rather than LOWER(address), which no
     * index of the embedded database serves.
     */
    static List<String> spellings(MailAddress address) {
        String domain = address.getDomain().asString();
        String local = address.getLocalPart();
        return List.copyOf(new LinkedHashSet<>(List.of(address.asString(),
            local.toLowerCase(java.util.Locale.ROOT) + "@" + domain,
            local.toUpperCase(java.util.Locale.ROOT) + "@" + domain)));
    }

    @Override
    public RecordResult record(ConversationChange change) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            entityManager.getTransaction().begin();
            RecordResult result = change instanceof ConversationChange.Open open
                ? open(entityManager, open)
                : append(entityManager, (ConversationChange.Append) change);
            if (result instanceof RecordResult.Conflict) {
                entityManager.getTransaction().rollback();
                return result;
            }
            entityManager.getTransaction().commit();
            return result;
        } catch (PersistenceException e) {
            // A concurrent transaction inserted the same key first (the same message racing in): decide again.
            if (isConstraintViolation(e)) {
                return new RecordResult.Conflict("concurrent insertion");
            }
            throw e;
        } finally {
            if (entityManager.getTransaction().isActive()) {
                entityManager.getTransaction().rollback();
            }
            entityManager.close();
        }
    }

    private RecordResult open(EntityManager entityManager, ConversationChange.Open open) {
        if (entityManager.find(JpaConversationMessage.class, open.rootMessageHash()) != null) {
            return new RecordResult.Conflict("root message already known");
        }
        String id = open.conversationId().value();
        long at = open.at().toEpochMilli();
        entityManager.persist(new JpaConversation(id, open.rootMessageHash(), open.state().name(), at, at));
        entityManager.persist(new JpaConversationMessage(open.rootMessageHash(), id, at));
        addParticipants(entityManager, id, open.professionals(), PROFESSIONAL);
        addParticipants(entityManager, id, open.patients(), PATIENT);
        entityManager.flush();
        return new RecordResult.Recorded(new Conversation(open.conversationId(), open.rootMessageHash(), open.professionals(),
            open.patients(), open.state(), Instant.ofEpochMilli(at), Instant.ofEpochMilli(at)));
    }

    private RecordResult append(EntityManager entityManager, ConversationChange.Append append) {
        String id = append.conversationId().value();
        List<JpaConversation> locked = entityManager
            .createQuery("SELECT c FROM GatewayConversation c WHERE c.id = :id", JpaConversation.class)
            .setParameter("id", id)
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getResultList();
        if (locked.isEmpty()) {
            return new RecordResult.Conflict("conversation unknown");
        }
        JpaConversation conversation = locked.get(0);
        if (append.requireOpen() && !ConversationState.OPEN.name().equals(conversation.getState())) {
            return new RecordResult.Conflict("conversation closed");
        }
        long at = append.at().toEpochMilli();
        append.messageHash()
            .filter(hash -> entityManager.find(JpaConversationMessage.class, hash) == null)
            .ifPresent(hash -> entityManager.persist(new JpaConversationMessage(hash, id, at)));
        addParticipants(entityManager, id, append.professionals(), PROFESSIONAL);
        addParticipants(entityManager, id, append.patients(), PATIENT);
        append.newState().ifPresent(state -> conversation.setState(state.name()));
        conversation.setUpdatedAt(Math.max(at, conversation.getUpdatedAt()));
        entityManager.flush();
        return load(entityManager, id)
            .<RecordResult>map(RecordResult.Recorded::new)
            .orElseGet(() -> new RecordResult.Conflict("conversation unknown"));
    }

    private static void addParticipants(EntityManager entityManager, String conversationId, Set<MailAddress> addresses, String role) {
        for (MailAddress address : addresses) {
            String key = JpaConversationParticipant.key(conversationId, address.asString());
            if (entityManager.find(JpaConversationParticipant.class, key) == null) {
                entityManager.persist(new JpaConversationParticipant(conversationId, address.asString(), role));
            }
        }
    }

    private static Optional<Conversation> load(EntityManager entityManager, String id) {
        JpaConversation conversation = entityManager.find(JpaConversation.class, id);
        if (conversation == null) {
            return Optional.empty();
        }
        List<JpaConversationParticipant> participants = entityManager
            .createQuery("SELECT p FROM GatewayConversationParticipant p WHERE p.conversationId = :id", JpaConversationParticipant.class)
            .setParameter("id", id)
            .getResultList();
        Set<MailAddress> professionals = new HashSet<>();
        Set<MailAddress> patients = new HashSet<>();
        for (JpaConversationParticipant participant : participants) {
            (PATIENT.equals(participant.getRole()) ? patients : professionals).add(address(participant.getAddress()));
        }
        return Optional.of(new Conversation(new ConversationId(conversation.getId()), conversation.getRootMessageHash(),
            professionals, patients, ConversationState.valueOf(conversation.getState()),
            Instant.ofEpochMilli(conversation.getOpenedAt()), Instant.ofEpochMilli(conversation.getUpdatedAt())));
    }

    private <T> T read(Function<EntityManager, T> query) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            return query.apply(entityManager);
        } finally {
            entityManager.close();
        }
    }

    private static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (AddressException e) {
            throw new IllegalStateException("A stored participant address is not an address", e);
        }
    }

    private static boolean isConstraintViolation(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
            if (cause instanceof javax.persistence.EntityExistsException
                || cause instanceof org.apache.openjpa.persistence.EntityExistsException) {
                return true;
            }
        }
        return false;
    }
}
