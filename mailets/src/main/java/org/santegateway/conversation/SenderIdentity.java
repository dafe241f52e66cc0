package org.santegateway.conversation;

import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;

/**
 * What is known of who sends a message: the SMTP-authenticated user (when there was an
 * authentication), the envelope sender (MAIL FROM) and whether the gateway generated the mail
 * itself. The {@code From:} header is deliberately absent.
 */
public record SenderIdentity(Optional<MailAddress> authenticated, MaybeSender envelope, boolean generatedByGateway) {
    public static SenderIdentity authenticated(MailAddress user, MaybeSender envelope) {
        return new SenderIdentity(Optional.of(user), envelope, false);
    }

    public static SenderIdentity unauthenticated(MaybeSender envelope) {
        return new SenderIdentity(Optional.empty(), envelope, false);
    }

    /** The address the sender acts as: the authenticated user, else the envelope sender. */
    public Optional<MailAddress> address() {
        return authenticated.or(() -> envelope.asOptional());
    }
}
