package org.santegateway.server.conversation;

import org.santegateway.audit.Hashes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.audit.OutcomeRecorder;
import org.santegateway.conversation.Conversation;
import org.santegateway.conversation.ConversationChange;
import org.santegateway.conversation.ConversationGate;
import org.santegateway.conversation.ConversationId;
import org.santegateway.conversation.ConversationLimits;
import org.santegateway.conversation.ConversationPolicy;
import org.santegateway.conversation.ConversationState;
import org.santegateway.conversation.ConversationStore;
import org.santegateway.conversation.ConversationStore.RecordResult;
import org.santegateway.conversation.Decision;
import org.santegateway.conversation.InMemoryConversationStore;
import org.santegateway.conversation.MessageThreading;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.conversation.PatientInitiatedMailboxes;
import org.santegateway.conversation.PolicyRequest;
import org.santegateway.conversation.PolicyRequests;
import org.santegateway.conversation.RoleResolver;
import org.santegateway.conversation.SenderIdentity;
import org.santegateway.conversation.TrustedOperatorDomains;
import org.santegateway.ins.MatriculeIns;
import org.santegateway.server.persistence.DatabaseConfiguration;
import org.santegateway.server.persistence.ManagedEntityManagerFactory;
import org.santegateway.server.persistence.StorageDirectories;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class JpaConversationStoreTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-15T10:00:00Z"), ZoneOffset.UTC);
    static final MailAddress MARTIN = address("dr.martin@hopital.test");
    static final MailAddress DURAND = address("dr.durand@hopital.test");
    static final MailAddress PATIENT = address("1850575123456" + MatriculeIns.keyOf("1850575123456") + "@patient.mssante.fr");

    @TempDir
    static Path var;
    static DatabaseConfiguration configuration;
    static ManagedEntityManagerFactory database;
    static JpaConversationStore store;

    /** On embedded Derby; {@link JpaConversationStoreOnPostgresqlTest} hides this to run the same tests on PostgreSQL. */
    @BeforeAll
    static void open() {
        openStore(DatabaseConfiguration.embeddedDerby(new StorageDirectories(var)));
    }

    static void openStore(DatabaseConfiguration databaseConfiguration) {
        configuration = databaseConfiguration;
        database = new ManagedEntityManagerFactory(configuration);
        store = new JpaConversationStore(database.entityManagerFactory());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String hash() {
        return MessageThreading.hash("<" + java.util.UUID.randomUUID() + "@test>");
    }

    static Conversation open(String root) {
        RecordResult result = store.record(new ConversationChange.Open(ConversationId.random(), root, Set.of(MARTIN), Set.of(PATIENT),
            ConversationState.OPEN, CLOCK.instant()));
        assertThat(result).isInstanceOf(RecordResult.Recorded.class);
        return ((RecordResult.Recorded) result).conversation();
    }

    static ConversationChange.Append append(ConversationId id, String message, Set<MailAddress> professionals,
                                            Optional<ConversationState> state, boolean requireOpen) {
        return new ConversationChange.Append(id, Optional.of(message), professionals, Set.of(), state, requireOpen, CLOCK.instant());
    }

    @Nested
    class Records {
        @Test
        void findByMessageShouldReturnTheOpenedConversation() {
            String root = hash();
            Conversation opened = open(root);

            Conversation found = store.findByMessage(root).orElseThrow();

            assertThat(found).isEqualTo(opened);
            assertThat(found.professionals()).containsExactly(MARTIN);
            assertThat(found.patients()).containsExactly(PATIENT);
            assertThat(found.openedAt()).isEqualTo(CLOCK.instant());
        }

        @Test
        void conversationIdsOfShouldAnswerForManyMessagesAcrossBatches() {
            List<String> asked = new java.util.ArrayList<>();
            java.util.Map<String, ConversationId> expected = new java.util.HashMap<>();
            for (int i = 0; i < 3; i++) {
                Conversation opened = open(hash());
                expected.put(opened.rootMessageHash(), opened.id());
                for (int j = 0; j < 400; j++) {
                    String reply = hash();
                    assertThat(store.record(append(opened.id(), reply, Set.of(MARTIN), Optional.empty(), false)))
                        .isInstanceOf(RecordResult.Recorded.class);
                    expected.put(reply, opened.id());
                }
            }
            asked.addAll(expected.keySet());
            String unknown = hash();
            asked.add(unknown);

            java.util.Map<String, ConversationId> found = store.conversationIdsOf(asked);

            assertThat(found).isEqualTo(expected).doesNotContainKey(unknown);
        }

        @Test
        void findByMessageShouldBeEmptyWhenTheMessageIsUnknown() {
            assertThat(store.findByMessage(hash())).isEmpty();
        }

        @Test
        void appendShouldAddTheMessageParticipantsAndState() {
            Conversation opened = open(hash());
            String reply = hash();

            RecordResult result = store.record(append(opened.id(), reply, Set.of(DURAND), Optional.of(ConversationState.CLOSED), false));

            assertThat(result).isInstanceOf(RecordResult.Recorded.class);
            Conversation found = store.findByMessage(reply).orElseThrow();
            assertThat(found.id()).isEqualTo(opened.id());
            assertThat(found.professionals()).containsExactlyInAnyOrder(MARTIN, DURAND);
            assertThat(found.state()).isEqualTo(ConversationState.CLOSED);
        }

        @Test
        void appendShouldKeepAKnownMessageInItsConversation() {
            Conversation first = open(hash());
            String shared = hash();
            store.record(append(first.id(), shared, Set.of(), Optional.empty(), false));
            Conversation second = open(hash());

            store.record(append(second.id(), shared, Set.of(), Optional.empty(), false));

            assertThat(store.findByMessage(shared).map(Conversation::id)).contains(first.id());
        }

        @Test
        void openShouldConflictWhenTheRootMessageIsKnown() {
            String root = hash();
            open(root);

            assertThat(store.record(new ConversationChange.Open(ConversationId.random(), root, Set.of(DURAND), Set.of(PATIENT),
                ConversationState.OPEN, CLOCK.instant()))).isInstanceOf(RecordResult.Conflict.class);
        }

        @Test
        void appendShouldConflictWhenAPatientRepliesInAConversationClosedMeanwhile() {
            Conversation opened = open(hash());
            store.record(append(opened.id(), hash(), Set.of(), Optional.of(ConversationState.CLOSED), false));

            assertThat(store.record(append(opened.id(), hash(), Set.of(), Optional.empty(), true))).isInstanceOf(RecordResult.Conflict.class);
        }

        @Test
        void appendShouldConflictWhenTheConversationIsUnknown() {
            assertThat(store.record(append(ConversationId.random(), hash(), Set.of(), Optional.empty(), false)))
                .isInstanceOf(RecordResult.Conflict.class);
        }

        @Test
        void conversationShouldSurviveReopeningTheDatabase() {
            String root = hash();
            Conversation opened = open(root);
            database.close();
            openStore(configuration);

            assertThat(store.findByMessage(root)).contains(opened);
        }
    }

    @Nested
    class Concurrency {
        @Test
        void racingAppendsShouldAllBeRecorded() throws Exception {
            Conversation opened = open(hash());
            List<String> messages = new ArrayList<>();
            List<Callable<RecordResult>> tasks = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                String message = hash();
                messages.add(message);
                MailAddress professional = address("dr.n" + (i % 30) + "@hopital.test");
                Optional<ConversationState> state = Optional.of(i % 2 == 0 ? ConversationState.OPEN : ConversationState.CLOSED);
                tasks.add(() -> store.record(append(opened.id(), message, Set.of(professional), state, false)));
            }

            List<RecordResult> results = runConcurrently(tasks);

            assertThat(results).allMatch(RecordResult.Recorded.class::isInstance);
            for (String message : messages) {
                assertThat(store.findByMessage(message).map(Conversation::id)).contains(opened.id());
            }
            assertThat(store.find(opened.id()).orElseThrow().professionals()).hasSize(31);
        }

        @Test
        void theSameMessageRacingInShouldOpenOneConversation() throws Exception {
            String root = hash();
            List<Callable<RecordResult>> tasks = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                tasks.add(() -> store.record(new ConversationChange.Open(ConversationId.random(), root, Set.of(MARTIN), Set.of(PATIENT),
                    ConversationState.OPEN, CLOCK.instant())));
            }

            List<RecordResult> results = runConcurrently(tasks);

            assertThat(results).filteredOn(RecordResult.Recorded.class::isInstance).hasSize(1);
            assertThat(results).filteredOn(RecordResult.Conflict.class::isInstance).hasSize(15);
        }

        @Test
        void racingPatientRepliesAndAClosingShouldNeverRecordAReplyAfterTheClosing() throws Exception {
            PolicyRequests requests = requests();
            ConversationGate gate = new ConversationGate(new ConversationPolicy(store, ConversationLimits.DEFAULT, CLOCK), store,
                new OutcomeRecorder(event -> { }, new SimpleMeterRegistry(), CLOCK), Hashes::sha256);
            String root = hash();
            gate.enforce(request(requests, MARTIN, List.of(PATIENT), root, List.of(), false));
            List<Callable<Decision>> tasks = new ArrayList<>();
            String closing = hash();
            for (int i = 0; i < 40; i++) {
                String reply = hash();
                tasks.add(() -> gate.enforce(request(requests, PATIENT, List.of(MARTIN), reply, List.of(root), false)));
                if (i == 20) {
                    tasks.add(() -> gate.enforce(request(requests, MARTIN, List.of(PATIENT), closing, List.of(root), true)));
                }
            }

            List<Decision> decisions = runConcurrently(tasks);

            assertThat(decisions).allMatch(decision -> decision instanceof Decision.Accepted || decision instanceof Decision.Refused);
            assertThat(store.findByMessage(root).orElseThrow().state()).isEqualTo(ConversationState.CLOSED);
        }
    }

    @Nested
    class AgainstTheReferenceStore {
        @Test
        void randomMessagesShouldGetTheSameDecisionsAsWithTheInMemoryStore() {
            PolicyRequests requests = requests();
            InMemoryConversationStore reference = new InMemoryConversationStore();
            ConversationPolicy referencePolicy = new ConversationPolicy(reference, ConversationLimits.DEFAULT, CLOCK);
            ConversationPolicy jpaPolicy = new ConversationPolicy(store, ConversationLimits.DEFAULT, CLOCK);
            List<MailAddress> professionals = List.of(MARTIN, DURAND);
            List<MailAddress> patients = List.of(PATIENT, address("2550814168025" + "38@patient.mssante.fr"));
            List<String> sent = new ArrayList<>();
            Random random = new Random(7);

            for (int step = 0; step < 300; step++) {
                boolean fromPatient = random.nextBoolean();
                MailAddress sender = (fromPatient ? patients : professionals).get(random.nextInt(2));
                List<MailAddress> to = new ArrayList<>(List.of(professionals.get(random.nextInt(2))));
                if (random.nextInt(3) == 0) {
                    to.add(patients.get(random.nextInt(2)));
                }
                to.remove(sender);
                if (to.isEmpty()) {
                    continue;
                }
                List<String> references = sent.isEmpty() || random.nextInt(5) == 0 ? List.of() : List.of(sent.get(random.nextInt(sent.size())));
                String message = hash();
                PolicyRequest request = request(requests, sender, to, message, references, !fromPatient && random.nextInt(6) == 0);

                Decision expected = referencePolicy.decide(request);
                Decision actual = jpaPolicy.decide(request);

                assertThat(kind(actual)).as("step %d", step).isEqualTo(kind(expected));
                if (expected instanceof Decision.Accepted accepted && accepted.change().isPresent()) {
                    ConversationChange change = accepted.change().get();
                    reference.record(change);
                    ConversationChange same = ((Decision.Accepted) actual).change().get();
                    assertThat(store.record(same)).isInstanceOf(RecordResult.Recorded.class);
                    sent.add(message);
                }
            }
        }

        private String kind(Decision decision) {
            if (decision instanceof Decision.Accepted accepted) {
                return accepted.outcome().tag();
            }
            if (decision instanceof Decision.Refused refused) {
                return refused.reason().code();
            }
            return "not concerned";
        }
    }

    @Nested
    class OrganisationalMailboxes {
        @Test
        void addListAndRemoveShouldBeStored() {
            PatientInitiatedMailboxes mailboxes = new JpaPatientInitiatedMailboxes(database.entityManagerFactory(), CLOCK);
            MailAddress pharmacy = address("pharmacie@hopital.test");

            assertThat(mailboxes.accepts(pharmacy)).isFalse();
            assertThat(mailboxes.add(pharmacy)).isTrue();
            assertThat(mailboxes.add(pharmacy)).isFalse();
            assertThat(mailboxes.accepts(pharmacy)).isTrue();
            assertThat(mailboxes.list()).contains(pharmacy);
            assertThat(mailboxes.remove(pharmacy)).isTrue();
            assertThat(mailboxes.remove(pharmacy)).isFalse();
            assertThat(mailboxes.accepts(pharmacy)).isFalse();
        }
    }

    static PolicyRequests requests() {
        RoleResolver roles = new RoleResolver(PatientDomains.of(Domain.of("patient.mssante.fr")), Domain.of("hopital.test")::equals,
            TrustedOperatorDomains.of(Set.of()));
        return new PolicyRequests(roles, new JpaPatientInitiatedMailboxes(database.entityManagerFactory(), CLOCK));
    }

    static PolicyRequest request(PolicyRequests requests, MailAddress sender, List<MailAddress> to, String message,
                                 List<String> references, boolean closing) {
        return requests.build(SenderIdentity.authenticated(sender, MaybeSender.of(sender)), to,
            new MessageThreading(Optional.of(message), references, closing), 100);
    }

    static <T> List<T> runConcurrently(List<Callable<T>> tasks) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(8);
        try {
            List<Future<T>> futures = executor.invokeAll(tasks);
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            executor.shutdownNow();
        }
    }
}
