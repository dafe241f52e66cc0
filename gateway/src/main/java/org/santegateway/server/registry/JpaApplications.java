package org.santegateway.server.registry;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.santegateway.audit.Hashes;
import org.santegateway.server.persistence.JpaTransactions;

/**
 * The catalogue of certified applications and the certificates bound to application mailboxes, in the gateway's
 * database (tables {@code GATEWAY_CERTIFIED_APPLICATION}, {@code GATEWAY_APPLICATION_CERTIFICATE}), on embedded Derby
 * or on the PostgreSQL the nodes share. Read at every certificate login and every command of such a session: each
 * read is one primary-key or one indexed lookup.
 */
public class JpaApplications {
    private final EntityManagerFactory entityManagerFactory;

    @Inject
    public JpaApplications(EntityManagerFactory entityManagerFactory) {
        this.entityManagerFactory = entityManagerFactory;
    }

    /** Adds an application; false when its id is taken. */
    public boolean add(CertifiedApplication application) {
        try {
            return inTransaction(entityManager -> {
                if (entityManager.find(JpaCertifiedApplication.class, application.id()) != null) {
                    return false;
                }
                entityManager.persist(new JpaCertifiedApplication(application));
                return true;
            });
        } catch (PersistenceException e) {
            if (find(application.id()).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    /** Replaces an application's fields (its id and creation time stay); false when there is none. */
    public boolean update(CertifiedApplication application) {
        return inTransaction(entityManager -> {
            JpaCertifiedApplication row = entityManager.find(JpaCertifiedApplication.class, application.id());
            if (row == null) {
                return false;
            }
            row.write(application);
            return true;
        });
    }

    public Optional<CertifiedApplication> find(String id) {
        return read(entityManager -> Optional.ofNullable(entityManager.find(JpaCertifiedApplication.class, id))
            .map(JpaCertifiedApplication::toApplication));
    }

    public List<CertifiedApplication> list() {
        return read(entityManager -> entityManager.createQuery("SELECT a FROM GatewayCertifiedApplication a ORDER BY a.id",
                JpaCertifiedApplication.class)
            .getResultList().stream().map(JpaCertifiedApplication::toApplication).toList());
    }

    public void bind(ApplicationCertificate certificate) {
        inTransaction(entityManager -> {
            entityManager.persist(new JpaApplicationCertificate(certificate, namesHash(certificate.subject(), certificate.issuer())));
            return null;
        });
    }

    /** Removes a binding of this mailbox; false when there is none with this id. */
    public boolean unbind(String mailbox, String id) {
        return inTransaction(entityManager -> {
            JpaApplicationCertificate row = entityManager.find(JpaApplicationCertificate.class, id);
            if (row == null || !row.toCertificate().mailbox().equals(mailbox)) {
                return false;
            }
            entityManager.remove(row);
            return true;
        });
    }

    public List<ApplicationCertificate> certificatesOf(String mailbox) {
        return read(entityManager -> entityManager.createQuery(
                "SELECT c FROM GatewayApplicationCertificate c WHERE c.mailbox = :mailbox ORDER BY c.createdAt", JpaApplicationCertificate.class)
            .setParameter("mailbox", mailbox)
            .getResultList().stream().map(JpaApplicationCertificate::toCertificate).toList());
    }

    /** The bindings whose subject and issuer are these (canonical RFC 2253 forms). */
    public List<ApplicationCertificate> bindingsOf(String subject, String issuer) {
        return read(entityManager -> entityManager.createQuery(
                "SELECT c FROM GatewayApplicationCertificate c WHERE c.namesHash = :hash", JpaApplicationCertificate.class)
            .setParameter("hash", namesHash(subject, issuer))
            .getResultList().stream().map(JpaApplicationCertificate::toCertificate)
            .filter(certificate -> certificate.subject().equals(subject) && certificate.issuer().equals(issuer))
            .toList());
    }

    static String namesHash(String subject, String issuer) {
        return Hashes.sha256(subject + "\n" + issuer);
    }

    private <T> T read(Function<EntityManager, T> work) {
        return JpaTransactions.read(entityManagerFactory, work);
    }

    private <T> T inTransaction(Function<EntityManager, T> work) {
        return JpaTransactions.write(entityManagerFactory, work);
    }
}
