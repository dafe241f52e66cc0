package org.santegateway.conversation;

/**
 * Limits of patient messaging ({@code patient.max.message.size} of {@code gateway.properties}).
 *
 * @param maxPatientMessageBytes the largest message, in bytes, that may reach a patient (25 MB)
 */
public record ConversationLimits(long maxPatientMessageBytes) {
    public static final long DEFAULT_MAX_PATIENT_MESSAGE_BYTES = 25_000_000L;
    public static final ConversationLimits DEFAULT = new ConversationLimits(DEFAULT_MAX_PATIENT_MESSAGE_BYTES);

    public ConversationLimits {
        if (maxPatientMessageBytes <= 0) {
            throw new IllegalArgumentException("patient.max.message.size must be positive");
        }
    }
}
