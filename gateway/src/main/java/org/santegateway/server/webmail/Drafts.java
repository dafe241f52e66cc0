package org.santegateway.server.webmail;

import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.Username;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the pages that send (a reply in a conversation, a new message to an establishment) share:
 * the longest text a patient may write, and the send itself with its refusal in French.
 */
final class Drafts {
    private static final Logger LOGGER = LoggerFactory.getLogger(Drafts.class);
    /** The longest text of a message written in the webmail, in characters. */
    static final int MAX_TEXT = 100_000;

    private Drafts() {
    }

    /**
     * Sends the draft.
     *
     * @return empty when it was sent; else why not, in French, to show after "Message refusé : "
     */
    static Optional<String> send(PatientMailSender sender, Username user, PatientMailSender.Draft draft) {
        if (draft.recipients().isEmpty()) {
            return Optional.of("aucun destinataire.");
        }
        try {
            PatientMailSender.Result result = sender.send(user, draft);
            if (result instanceof PatientMailSender.Result.Refused refused) {
                return Optional.of(refused.reason().french());
            }
            return Optional.empty();
        } catch (MessagingException e) {
            LOGGER.warn("Webmail message could not be sent: {}", e.getClass().getSimpleName());
            return Optional.of("le message n'a pas pu être envoyé. Réessayez plus tard.");
        }
    }
}
