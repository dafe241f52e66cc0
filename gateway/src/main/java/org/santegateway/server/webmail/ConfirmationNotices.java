package org.santegateway.server.webmail;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;

/** Sends the link that confirms a personal address ({@code /notifications/confirmer?jeton=...}) to that address. */
@FunctionalInterface
public interface ConfirmationNotices {
    void send(MailAddress personal, String token) throws MessagingException;
}
