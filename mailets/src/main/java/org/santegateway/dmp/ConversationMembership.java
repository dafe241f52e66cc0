package org.santegateway.dmp;

/** Whether a professional takes part in a conversation with a patient (answered by the conversation store). */
@FunctionalInterface
public interface ConversationMembership {
    boolean inConversation(String professionalAddress, Ins patient);
}
