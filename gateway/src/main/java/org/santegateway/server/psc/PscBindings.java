package org.santegateway.server.psc;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.core.MailAddress;
import org.santegateway.audit.ActorKind;
import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.AuditLog;
import org.santegateway.audit.CommonOutcome;
import org.santegateway.audit.Pseudonyms;

/**
 * Which mailboxes a professional's PSC national identifier opens, in the gateway's database: their
 * personal mailbox and the organisational ones they may use. Read at every token login, so a change
 * applies at once. Each change is audited ({@code psc.binding}, granted or revoked) under the
 * professional's pseudonym and the mailbox's.
 */
public class PscBindings {
    private final EntityManagerFactory entityManagerFactory;
    private final AuditLog auditLog;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    @Inject
    public PscBindings(EntityManagerFactory entityManagerFactory, AuditLog auditLog, Pseudonyms pseudonyms, Clock clock) {
        this.entityManagerFactory = entityManagerFactory;
        this.auditLog = auditLog;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
    }

    /** Whether the identifier has the shape of a PSC national identifier (RPPS: 8 then 11 digits). */
    public static boolean isNationalId(String value) {
        return value != null && ClaimRules.NATIONAL_ID.matcher(value).matches();
    }

    /** The mailboxes the identifier opens, in alphabetical order. */
    public List<String> mailboxesOf(String nationalId) {
        return inTransaction(false, entityManager -> entityManager
            .createQuery("SELECT b FROM GatewayPscBinding b WHERE b.nationalId = :id ORDER BY b.mailbox", JpaPscBinding.class)
            .setParameter("id", nationalId)
            .getResultList().stream().map(JpaPscBinding::getMailbox).toList());
    }

    /** Binds; false when it already was. */
    public boolean bind(String nationalId, MailAddress mailbox) {
        String address = normalised(mailbox);
        boolean added;
        try {
            added = inTransaction(true, entityManager -> {
                if (entityManager.find(JpaPscBinding.class, JpaPscBinding.key(nationalId, address)) != null) {
                    return false;
                }
                entityManager.persist(new JpaPscBinding(nationalId, address, clock.millis()));
                return true;
            });
        } catch (PersistenceException e) {
            if (mailboxesOf(nationalId).contains(address)) {
                return false;
            }
            throw e;
        }
        if (added) {
            audit(nationalId, address, CommonOutcome.GRANTED);
        }
        return added;
    }

    /** Unbinds; false when it was not bound. */
    public boolean unbind(String nationalId, MailAddress mailbox) {
        String address = normalised(mailbox);
        boolean removed = inTransaction(true, entityManager -> Optional
            .ofNullable(entityManager.find(JpaPscBinding.class, JpaPscBinding.key(nationalId, address)))
            .map(binding -> {
                entityManager.remove(binding);
                return true;
            })
            .orElse(false));
        if (removed) {
            audit(nationalId, address, CommonOutcome.REVOKED);
        }
        return removed;
    }

    private void audit(String nationalId, String mailbox, CommonOutcome outcome) {
        auditLog.record(new AuditEvent(clock.instant(), ActorKind.PROFESSIONAL, pseudonyms.of(PscTokenLogins.actor(nationalId)),
            "psc.binding", List.of("mailbox:" + pseudonyms.of(mailbox)), outcome, Optional.empty()));
    }

    private static String normalised(MailAddress mailbox) {
        return mailbox.asString().toLowerCase(Locale.ROOT);
    }

    private <T> T inTransaction(boolean write, Function<EntityManager, T> work) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            if (!write) {
                return work.apply(entityManager);
            }
            entityManager.getTransaction().begin();
            T result = work.apply(entityManager);
            entityManager.getTransaction().commit();
            return result;
        } finally {
            if (entityManager.getTransaction().isActive()) {
                entityManager.getTransaction().rollback();
            }
            entityManager.close();
        }
    }
}
