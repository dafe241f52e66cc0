package org.santegateway.server.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * A request to create a mailbox.
 *
 * @param address  the address, any case (kept in lower case)
 * @param kind     its kind
 * @param details  its holder and directory details
 * @param password the James password: required for PER, ORG and CAB, refused for APP (an application signs in
 *                 with its certificate)
 */
public record NewMailbox(String address, MailboxKind kind, MailboxDetails details, Optional<String> password) {
    public NewMailbox {
        Objects.requireNonNull(address);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(details);
        Objects.requireNonNull(password);
    }

    @Override
    public String toString() {
        return "NewMailbox[" + kind + "]";
    }
}
