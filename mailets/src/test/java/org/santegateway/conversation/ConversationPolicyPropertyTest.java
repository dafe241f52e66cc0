package org.santegateway.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Throws seeded random sequences of professional and patient messages (new messages, replies to
 * random earlier messages, forged references, extra recipients, closings) at the policy and checks,
 * against a log of what was actually accepted (replies, new messages to "contactable" professionals and to
 * organisational mailboxes alike), that no patient message is ever delivered outside a
 * conversation opened by a professional (or by a patient writing to organisational mailboxes only) in which
 * a professional wrote to that patient, to a professional who takes part in it, while it is open
 * (organisational mailboxes marked for patient-initiated messages excepted).
 */
public class ConversationPolicyPropertyTest {
    static final List<MailAddress> PROFESSIONALS = List.of(Fixtures.MARTIN, Fixtures.DURAND, Fixtures.REMOTE_DOCTOR,
        Fixtures.address("dr.petit@hopital.test"));
    static final List<MailAddress> PATIENTS = List.of(Fixtures.PATIENT_1, Fixtures.PATIENT_2,
        Fixtures.patient("185052A123456"), Fixtures.patient("2920399123789"));
    static final List<MailAddress> OTHERS = List.of(Fixtures.PHARMACY, Fixtures.OUTSIDER);

    /** One accepted message, as the oracle remembers it (independently of the store's content). */
    record Sent(String messageHash, MailAddress sender, boolean fromPatient, List<MailAddress> recipients, boolean closing) {
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2025})
    void patientMessagesShouldOnlyBeDeliveredInsideProfessionalConversationsTheyTakePartIn(long seed) {
        InMemoryConversationStore store = new InMemoryConversationStore();
        run(store, new Random(seed), 3000);
    }

    /** Runs {@code steps} random messages through the policy and the store, asserting the property after each accepted patient message. */
    public static void run(ConversationStore store, Random random, int steps) {
        Fixtures.MemoryPatientInitiatedMailboxes organisational = new Fixtures.MemoryPatientInitiatedMailboxes();
        organisational.add(Fixtures.PHARMACY);
        PolicyRequests requests = new PolicyRequests(Fixtures.roles(), organisational);
        ConversationPolicy policy = new ConversationPolicy(store, ConversationLimits.DEFAULT, Fixtures.CLOCK);
        List<Sent> accepted = new ArrayList<>();
        Map<String, Sent> byHash = new HashMap<>();
        int patientAccepted = 0;
        int patientRefused = 0;

        for (int step = 0; step < steps; step++) {
            boolean fromPatient = random.nextInt(100) < 55;
            // The organisational mailbox answers now and then: it continues the conversations patients opened with it.
            MailAddress sender = fromPatient ? pick(random, PATIENTS)
                : random.nextInt(100) < 15 ? Fixtures.PHARMACY : pick(random, PROFESSIONALS);
            List<MailAddress> recipients = recipients(random, fromPatient, accepted, sender);
            List<String> references = new ArrayList<>();
            if (!accepted.isEmpty() && random.nextInt(100) < 80) {
                references.add(pick(random, accepted).messageHash());
            }
            if (random.nextInt(100) < 10) {
                references.add(MessageThreading.hash("<unknown" + random.nextInt() + "@test>"));
            }
            boolean closing = !fromPatient && random.nextInt(100) < 15;
            String hash = MessageThreading.hash("<step" + step + "." + random.nextLong() + "@test>");
            SenderIdentity identity = fromPatient && random.nextBoolean()
                ? SenderIdentity.unauthenticated(MaybeSender.of(sender))
                : SenderIdentity.authenticated(sender, MaybeSender.of(sender));
            PolicyRequest request = requests.build(identity, recipients, new MessageThreading(Optional.of(hash), references, closing), 100);

            Decision decision = policy.decide(request);
            if (!(decision instanceof Decision.Accepted acceptedDecision)) {
                if (fromPatient) {
                    patientRefused++;
                }
                continue;
            }
            acceptedDecision.change().ifPresent(change -> assertThat(store.record(change))
                .isInstanceOf(ConversationStore.RecordResult.Recorded.class));
            Sent sent = new Sent(hash, sender, fromPatient, recipients, closing);
            if (fromPatient) {
                patientAccepted++;
                assertDeliveredInsideAProfessionalConversation(store, sent, accepted, organisational);
            }
            accepted.add(sent);
            byHash.put(hash, sent);
        }
        assertThat(patientAccepted).as("the random walk accepted patient messages").isPositive();
        assertThat(patientRefused).as("the random walk refused patient messages").isPositive();
    }

    private static void assertDeliveredInsideAProfessionalConversation(ConversationStore store, Sent patientMessage,
                                                                       List<Sent> before, PatientInitiatedMailboxes organisational) {
        List<MailAddress> needConversation = patientMessage.recipients().stream().filter(r -> !organisational.accepts(r)).toList();
        for (MailAddress recipient : patientMessage.recipients()) {
            assertThat(PATIENTS).as("a patient message reached another patient").doesNotContain(recipient);
            assertThat(PROFESSIONALS.contains(recipient) || organisational.accepts(recipient))
                .as("a patient message reached %s, who is not a professional", recipient).isTrue();
        }
        if (needConversation.isEmpty()) {
            return;
        }
        Conversation conversation = store.findByMessage(patientMessage.messageHash()).orElseThrow(
            () -> new AssertionError("an accepted patient message belongs to no conversation"));
        // What the oracle saw in that conversation, in order: only accepted messages the store put in it.
        List<Sent> inConversation = before.stream()
            .filter(sent -> store.findByMessage(sent.messageHash()).map(Conversation::id).equals(Optional.of(conversation.id())))
            .toList();
        assertThat(inConversation).as("the conversation has earlier messages").isNotEmpty();
        Sent first = inConversation.get(0);
        assertThat(!first.fromPatient() || first.recipients().stream().allMatch(organisational::accepts))
            .as("the conversation was opened by a professional, or by a patient writing to organisational mailboxes only").isTrue();
        assertThat(first.messageHash()).isEqualTo(conversation.rootMessageHash());
        Set<MailAddress> patientsOfProfessionalMessages = new HashSet<>();
        Set<MailAddress> professionalsOfProfessionalMessages = new HashSet<>();
        Boolean closed = null;
        for (Sent sent : inConversation) {
            if (!sent.fromPatient()) {
                professionalsOfProfessionalMessages.add(sent.sender());
                for (MailAddress recipient : sent.recipients()) {
                    (PATIENTS.contains(recipient) ? patientsOfProfessionalMessages : professionalsOfProfessionalMessages).add(recipient);
                }
                closed = sent.closing();
            }
        }
        if (first.fromPatient()) {
            // The patient who opened it with organisational mailboxes takes part in it as if written to.
            patientsOfProfessionalMessages.add(first.sender());
        }
        assertThat(patientsOfProfessionalMessages).as("a professional wrote to this patient in the conversation (or the patient opened it)").contains(patientMessage.sender());
        assertThat(professionalsOfProfessionalMessages).as("the recipients took part in the conversation").containsAll(needConversation);
        assertThat(closed).as("the last professional message did not close the conversation").isFalse();
    }

    private static List<MailAddress> recipients(Random random, boolean fromPatient, List<Sent> accepted, MailAddress sender) {
        List<MailAddress> recipients = new ArrayList<>();
        int shape = random.nextInt(100);
        if (fromPatient && shape < 45 && !accepted.isEmpty()) {
            // A plausible reply: the participants of an earlier message, sometimes with an extra address.
            Sent earlier = pick(random, accepted);
            recipients.add(earlier.sender());
            earlier.recipients().stream().filter(r -> !r.equals(sender) && random.nextBoolean()).forEach(recipients::add);
        }
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count || recipients.isEmpty(); i++) {
            int kind = random.nextInt(100);
            MailAddress recipient = kind < 50 ? pick(random, PROFESSIONALS) : kind < 85 ? pick(random, PATIENTS) : pick(random, OTHERS);
            if (!recipient.equals(sender) && !recipients.contains(recipient) && (recipients.isEmpty() || random.nextInt(100) < 40)) {
                recipients.add(recipient);
            }
        }
        return recipients.stream().distinct().filter(r -> !r.equals(sender)).toList().isEmpty()
            ? List.of(pick(random, PROFESSIONALS).equals(sender) ? Fixtures.MARTIN : pick(random, PROFESSIONALS))
            : recipients.stream().distinct().filter(r -> !r.equals(sender)).toList();
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
