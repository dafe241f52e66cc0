package org.santegateway.conversation;

import java.util.List;
import java.util.Objects;

/**
 * A message as the conversation policy judges it.
 *
 * @param sender     the sender with the role decided from authentication and envelope
 * @param recipients the envelope recipients with their roles
 * @param threading  Message-ID, replied-to messages and closing marker
 * @param size       the message size in bytes
 */
public record PolicyRequest(Party sender, List<Party> recipients, MessageThreading threading, long size) {
    public PolicyRequest {
        Objects.requireNonNull(sender);
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(threading);
    }
}
