package org.santegateway.dmp;

import java.util.Objects;
import java.util.Optional;

/**
 * The author of a document: a name to show and, when known, an identifier with the system that
 * issued it (an RPPS number with its OID from XDS or CDA; the sender's address, system
 * {@link #MAIL_ADDRESS_SYSTEM}, for a document filed from a message).
 */
public record Author(String displayName, Optional<String> id, Optional<String> idSystem) {
    public static final String MAIL_ADDRESS_SYSTEM = "mailto";

    public Author {
        Objects.requireNonNull(displayName);
        Objects.requireNonNull(id);
        Objects.requireNonNull(idSystem);
    }

    /** The sender of a message as the author of the documents it carries. */
    public static Author ofSender(String displayName, String address) {
        return new Author(displayName == null || displayName.isBlank() ? address : displayName,
            Optional.of(address), Optional.of(MAIL_ADDRESS_SYSTEM));
    }
}
