package org.santegateway.conversation;

/** A conversation is open (the patient may reply) or closed by a professional ({@code [FIN]}). */
public enum ConversationState {
    OPEN,
    CLOSED
}
