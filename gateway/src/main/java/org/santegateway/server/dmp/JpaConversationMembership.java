package org.santegateway.server.dmp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Domain;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.dmp.ConversationMembership;
import org.santegateway.dmp.Ins;

/**
 * Whether a professional takes part in a conversation with a patient, answered from the tables of
 * the conversation store (one indexed self-join on the participants): the patient is any of their
 * addresses in the patient domains.
 */
public class JpaConversationMembership implements ConversationMembership {
    private final EntityManagerFactory entityManagerFactory;
    private final PatientDomains patientDomains;

    @Inject
    public JpaConversationMembership(EntityManagerFactory entityManagerFactory, PatientDomains patientDomains) {
        this.entityManagerFactory = entityManagerFactory;
        this.patientDomains = patientDomains;
    }

    @Override
    public boolean inConversation(String professionalAddress, Ins patient) {
        List<String> patientAddresses = new ArrayList<>();
        for (Domain domain : patientDomains.domains()) {
            patientAddresses.add(patient.matricule() + "@" + domain.asString());
            patientAddresses.add(patient.matricule().toLowerCase(Locale.ROOT) + "@" + domain.asString());
        }
        if (patientAddresses.isEmpty()) {
            return false;
        }
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            Long count = entityManager.createQuery("SELECT COUNT(p) FROM GatewayConversationParticipant p, GatewayConversationParticipant q"
                    + " WHERE p.conversationId = q.conversationId AND LOWER(p.address) = :professional AND p.role = 'PROFESSIONAL'"
                    + " AND q.address IN :patients AND q.role = 'PATIENT'", Long.class)
                .setParameter("professional", professionalAddress.toLowerCase(Locale.ROOT))
                .setParameter("patients", patientAddresses)
                .getSingleResult();
            return count != null && count > 0;
        } finally {
            entityManager.close();
        }
    }
}
