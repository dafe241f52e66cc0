package org.santegateway.conversation;

import java.util.Optional;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;

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

    /**
     * The identity of a sender who logged in as {@code login}, if anyone did (the SMTP session, the
     * mail's {@code SMTP_AUTH_USER}): a login without a domain part, or that is no address, is
     * no authenticated address and leaves the envelope to decide.
     */
    public static SenderIdentity of(Optional<Username> login, MaybeSender envelope, boolean generatedByGateway) {
        return new SenderIdentity(login.flatMap(SenderIdentity::address), envelope, generatedByGateway);
    }

    private static Optional<MailAddress> address(Username login) {
        try {
            return login.hasDomainPart() ? Optional.of(login.asMailAddress()) : Optional.empty();
        } catch (AddressException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The address the sender acts as: the authenticated user, else the envelope sender. */
    public Optional<MailAddress> address() {
        return authenticated.or(() -> envelope.asOptional());
    }
}
