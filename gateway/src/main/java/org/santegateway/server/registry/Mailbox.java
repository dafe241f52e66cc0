package org.santegateway.server.registry;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One mailbox of the registry, as the routes and the directory export see it.
 *
 * @param address    the mailbox's address, lower case; never changes
 * @param kind       its kind; never changes
 * @param details    what an admin may change
 * @param state      active, suspended or closed
 * @param createdAt  when it was registered (for a James user without a row: never, {@link Instant#EPOCH})
 * @param lastLoginAt when its holder last signed in, when known
 * @param modifiedAt when its registration last changed (creation included)
 * @param registered false for a James user created without the registry (James CLI), shown as PER until an admin
 *                   registers it
 * @param everPublishable whether it was ever {@linkplain #publishable() publishable}: only then may the directory have
 *                   it, and only then does the export of changes name it to withdraw it (a mailbox on the liste rouge
 *                   from its creation is never named to the directory, not even to delete it)
 */
public record Mailbox(String address, MailboxKind kind, MailboxDetails details, MailboxState state, Instant createdAt,
                      Optional<Instant> lastLoginAt, Instant modifiedAt, boolean registered, boolean everPublishable) {
    public Mailbox {
        Objects.requireNonNull(address);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(details);
        Objects.requireNonNull(state);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(lastLoginAt);
        Objects.requireNonNull(modifiedAt);
    }

    /** Whether the directory may show it: registered, active, not on the liste rouge, with a holder. */
    public boolean publishable() {
        return registered && state == MailboxState.ACTIVE && !details.listeRouge() && details.holder().isPresent();
    }
}
