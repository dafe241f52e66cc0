package org.santegateway.server.conversation;

import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.core.Domain;
import org.santegateway.conversation.ConversationLimits;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.conversation.TrustedOperatorDomains;
import org.santegateway.server.settings.GatewayProperties;

/**
 * The patient messaging settings of {@code gateway.properties}.
 *
 * <ul>
 *     <li>{@value #PATIENT_DOMAINS}: comma-separated domains whose mailboxes are patients (local
 *     part = matricule INS);</li>
 *     <li>{@value #TRUSTED_OPERATOR_DOMAINS}: comma-separated domains of other operators whose
 *     senders count as professionals (until the trust list provides them);</li>
 *     <li>{@value #MAX_PATIENT_MESSAGE_SIZE}: the largest message to a patient, in bytes
 *     (default 25 000 000).</li>
 * </ul>
 */
public record ConversationSettings(PatientDomains patientDomains, Set<Domain> trustedOperatorDomains, ConversationLimits limits) {
    public static final String PATIENT_DOMAINS = "patient.domains";
    public static final String TRUSTED_OPERATOR_DOMAINS = "trusted.operator.domains";
    public static final String MAX_PATIENT_MESSAGE_SIZE = "patient.max.message.size";

    public ConversationSettings {
        trustedOperatorDomains = Set.copyOf(trustedOperatorDomains);
    }

    /** Reads the settings; a malformed value stops startup with a message naming the key. */
    public static ConversationSettings from(GatewayProperties properties) {
        Set<Domain> patientDomains = domains(properties, PATIENT_DOMAINS);
        Set<Domain> operatorDomains = domains(properties, TRUSTED_OPERATOR_DOMAINS);
        long maxSize = properties.wholeNumber(MAX_PATIENT_MESSAGE_SIZE, ConversationLimits.DEFAULT_MAX_PATIENT_MESSAGE_BYTES, 1, Long.MAX_VALUE);
        Set<Domain> overlap = patientDomains.stream().filter(operatorDomains::contains).collect(Collectors.toSet());
        if (!overlap.isEmpty()) {
            throw GatewayProperties.failure(TRUSTED_OPERATOR_DOMAINS, "must not list a patient domain: " + overlap);
        }
        return new ConversationSettings(new PatientDomains(patientDomains), operatorDomains, new ConversationLimits(maxSize));
    }

    public TrustedOperatorDomains operatorDomains() {
        return TrustedOperatorDomains.of(trustedOperatorDomains);
    }

    private static Set<Domain> domains(GatewayProperties properties, String key) {
        try {
            return properties.list(key).stream().map(Domain::of).collect(Collectors.toUnmodifiableSet());
        } catch (IllegalArgumentException e) {
            throw GatewayProperties.failure(key, "invalid domain: " + e.getMessage());
        }
    }
}
