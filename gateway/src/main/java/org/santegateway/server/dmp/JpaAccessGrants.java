package org.santegateway.server.dmp;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.santegateway.dmp.AccessGrants;
import org.santegateway.dmp.Ins;

/** Admins' grants of a professional's access to a patient's record, in the gateway's database. */
public class JpaAccessGrants implements AccessGrants {
    private final EntityManagerFactory entityManagerFactory;
    private final Clock clock;

    @Inject
    public JpaAccessGrants(EntityManagerFactory entityManagerFactory, Clock clock) {
        this.entityManagerFactory = entityManagerFactory;
        this.clock = clock;
    }

    @Override
    public boolean isGranted(String professionalAddress, Ins patient) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            return entityManager.find(JpaDmpGrant.class, JpaDmpGrant.key(normalise(professionalAddress), patient.matricule())) != null;
        } finally {
            entityManager.close();
        }
    }

    /** Grants access; true when it was not granted before. */
    public boolean grant(String professionalAddress, Ins patient, String adminLogin) {
        String professional = normalise(professionalAddress);
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            entityManager.getTransaction().begin();
            String key = JpaDmpGrant.key(professional, patient.matricule());
            if (entityManager.find(JpaDmpGrant.class, key) != null) {
                return false;
            }
            JpaDmpGrant grant = new JpaDmpGrant();
            grant.id = key;
            grant.professional = professional;
            grant.patient = patient.matricule();
            grant.grantedBy = adminLogin;
            grant.grantedAt = clock.millis();
            entityManager.persist(grant);
            entityManager.getTransaction().commit();
            return true;
        } finally {
            if (entityManager.getTransaction().isActive()) {
                entityManager.getTransaction().rollback();
            }
            entityManager.close();
        }
    }

    /** Revokes access; true when it was granted. */
    public boolean revoke(String professionalAddress, Ins patient) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            entityManager.getTransaction().begin();
            JpaDmpGrant grant = entityManager.find(JpaDmpGrant.class, JpaDmpGrant.key(normalise(professionalAddress), patient.matricule()));
            if (grant == null) {
                return false;
            }
            entityManager.remove(grant);
            entityManager.getTransaction().commit();
            return true;
        } finally {
            if (entityManager.getTransaction().isActive()) {
                entityManager.getTransaction().rollback();
            }
            entityManager.close();
        }
    }

    /** The professionals granted access to the patient's record. */
    public List<String> professionals(Ins patient) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            return entityManager.createQuery("SELECT g.professional FROM GatewayDmpGrant g WHERE g.patient = :patient ORDER BY g.professional",
                    String.class)
                .setParameter("patient", patient.matricule())
                .getResultList();
        } finally {
            entityManager.close();
        }
    }

    private static String normalise(String address) {
        return address.toLowerCase(Locale.ROOT);
    }
}
