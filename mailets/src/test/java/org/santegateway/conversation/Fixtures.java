package org.santegateway.conversation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.santegateway.ins.MatriculeIns;

/** Addresses, roles and policy wiring shared by the conversation tests. */
public final class Fixtures {
    public static final Domain HOSPITAL = Domain.of("hopital.test");
    public static final Domain PATIENT_DOMAIN = Domain.of("patient.mssante.fr");
    public static final Domain OPERATOR = Domain.of("autre-operateur.test");
    public static final MailAddress MARTIN = address("dr.martin@hopital.test");
    public static final MailAddress DURAND = address("dr.durand@hopital.test");
    public static final MailAddress PHARMACY = address("pharmacie@hopital.test");
    public static final MailAddress REMOTE_DOCTOR = address("dr.remote@autre-operateur.test");
    public static final MailAddress OUTSIDER = address("someone@elsewhere.test");
    public static final MailAddress PATIENT_1 = patient("1850575123456");
    public static final MailAddress PATIENT_2 = patient("2550814168025");
    public static final MailAddress INVALID_PATIENT = address("jean.dupont@patient.mssante.fr");
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-15T10:00:00Z"), ZoneOffset.UTC);

    private Fixtures() {
    }

    public static MailAddress patient(String body) {
        return address(body + MatriculeIns.keyOf(body) + "@patient.mssante.fr");
    }

    public static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static RoleResolver roles() {
        return new RoleResolver(PatientDomains.of(PATIENT_DOMAIN), HOSPITAL::equals, TrustedOperatorDomains.of(Set.of(OPERATOR)));
    }

    /** Organisational mailboxes in memory. */
    public static final class MemoryPatientInitiatedMailboxes implements PatientInitiatedMailboxes {
        private final Set<MailAddress> marked = new HashSet<>();

        @Override
        public synchronized boolean accepts(MailAddress mailbox) {
            return marked.contains(mailbox);
        }

        @Override
        public synchronized boolean add(MailAddress mailbox) {
            return marked.add(mailbox);
        }

        @Override
        public synchronized boolean remove(MailAddress mailbox) {
            return marked.remove(mailbox);
        }

        @Override
        public synchronized List<MailAddress> list() {
            return List.copyOf(marked);
        }
    }
}
