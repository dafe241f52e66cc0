package org.santegateway.server.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.santegateway.audit.Hashes;
import org.santegateway.audit.OutcomeRecorder;
import org.santegateway.conversation.Conversation;
import org.santegateway.conversation.ConversationChange;
import org.santegateway.conversation.ConversationGate;
import org.santegateway.conversation.ConversationId;
import org.santegateway.conversation.ConversationLimits;
import org.santegateway.conversation.ConversationPolicy;
import org.santegateway.conversation.ConversationState;
import org.santegateway.conversation.ConversationStore.RecordResult;
import org.santegateway.conversation.Decision;
import org.santegateway.conversation.PolicyRequests;
import org.santegateway.server.persistence.DatabaseConfiguration;
import org.santegateway.server.persistence.ManagedEntityManagerFactory;
import org.santegateway.server.testing.PostgresServer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Every test of {@link JpaConversationStoreTest}, on a private PostgreSQL instead of embedded Derby; and the same
 * races with the writers split over two nodes (two entity manager factories, as two gateways sharing the
 * database), where only the database's locks hold the conversation rules.
 */
class JpaConversationStoreOnPostgresqlTest extends JpaConversationStoreTest {
    // JUnit does not discover the @Nested classes of a superclass: each is declared again below.
    static PostgresServer postgres;

    /** Hides {@link JpaConversationStoreTest#open()}: no Derby database is opened. */
    @BeforeAll
    static void open() {
        try {
            postgres = PostgresServer.start();
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL did not start", e);
        }
        openStore(new DatabaseConfiguration("org.postgresql.Driver", postgres.jdbcUrl(), Optional.of(postgres.username()),
            Optional.of(postgres.password()), Map.of()));
    }

    /** Hides {@link JpaConversationStoreTest#close()}: closes the store, then stops PostgreSQL. */
    @AfterAll
    static void close() {
        try {
            database.close();
        } finally {
            postgres.close();
        }
    }

    @Nested
    class TwoNodes {
        ManagedEntityManagerFactory secondDatabase;
        JpaConversationStore second;

        @BeforeEach
        void openSecondNode() {
            secondDatabase = new ManagedEntityManagerFactory(configuration);
            second = new JpaConversationStore(secondDatabase.entityManagerFactory());
        }

        @AfterEach
        void closeSecondNode() {
            secondDatabase.close();
        }

        JpaConversationStore node(int i) {
            return i % 2 == 0 ? store : second;
        }

        @Test
        void theSameMessageArrivingOnBothNodesShouldOpenOneConversation() throws Exception {
            String root = hash();
            List<Callable<RecordResult>> tasks = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                JpaConversationStore node = node(i);
                tasks.add(() -> node.record(new ConversationChange.Open(ConversationId.random(), root, Set.of(MARTIN), Set.of(PATIENT),
                    ConversationState.OPEN, CLOCK.instant())));
            }

            List<RecordResult> results = runConcurrently(tasks);

            assertThat(results).filteredOn(RecordResult.Recorded.class::isInstance).hasSize(1);
            assertThat(second.findByMessage(root)).isEqualTo(store.findByMessage(root)).isPresent();
        }

        @Test
        void messagesOfOneConversationSplitOverBothNodesShouldAllBeRecorded() throws Exception {
            Conversation opened = open(hash());
            List<String> messages = new ArrayList<>();
            List<Callable<RecordResult>> tasks = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String message = hash();
                messages.add(message);
                MailAddress professional = address("dr.n" + (i % 20) + "@hopital.test");
                JpaConversationStore node = node(i);
                tasks.add(() -> node.record(append(opened.id(), message, Set.of(professional), Optional.empty(), false)));
            }

            List<RecordResult> results = runConcurrently(tasks);

            assertThat(results).allMatch(RecordResult.Recorded.class::isInstance);
            for (String message : messages) {
                assertThat(node(message.hashCode()).findByMessage(message).map(Conversation::id)).contains(opened.id());
            }
            assertThat(second.find(opened.id()).orElseThrow().professionals()).hasSize(21);
        }

        @Test
        void aClosingOnOneNodeShouldStopRepliesOnTheOther() throws Exception {
            PolicyRequests requests = requests();
            ConversationGate first = gate(store);
            ConversationGate other = gate(second);
            String root = hash();
            first.enforce(request(requests, MARTIN, List.of(PATIENT), root, List.of(), false));
            List<Callable<Decision>> tasks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String reply = hash();
                tasks.add(() -> other.enforce(request(requests, PATIENT, List.of(MARTIN), reply, List.of(root), false)));
                if (i == 20) {
                    tasks.add(() -> first.enforce(request(requests, MARTIN, List.of(PATIENT), hash(), List.of(root), true)));
                }
            }

            runConcurrently(tasks);

            assertThat(second.findByMessage(root).orElseThrow().state()).isEqualTo(ConversationState.CLOSED);
            assertThat(other.enforce(request(requests, PATIENT, List.of(MARTIN), hash(), List.of(root), false)))
                .isInstanceOf(Decision.Refused.class);
        }

        private ConversationGate gate(JpaConversationStore on) {
            return new ConversationGate(new ConversationPolicy(on, ConversationLimits.DEFAULT, CLOCK), on,
                new OutcomeRecorder(event -> { }, new SimpleMeterRegistry(), CLOCK), Hashes::sha256);
        }
    }

    @Nested
    class Records extends JpaConversationStoreTest.Records {
    }

    @Nested
    class Concurrency extends JpaConversationStoreTest.Concurrency {
    }

    @Nested
    class AgainstTheReferenceStore extends JpaConversationStoreTest.AgainstTheReferenceStore {
    }

    @Nested
    class OrganisationalMailboxes extends JpaConversationStoreTest.OrganisationalMailboxes {
    }
}
