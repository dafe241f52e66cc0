package org.santegateway.server.registry;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A client certificate bound to an application mailbox: the certificate's subject and issuer (RFC 2253, canonical
 * form), and optionally its SHA-256 fingerprint (a pinned certificate: only that one, not its renewal, is accepted).
 *
 * @param id          the binding's identifier (a UUID), to remove it
 * @param mailbox     the APP mailbox's address, lower case
 * @param application the {@link CertifiedApplication#id()} the mailbox belongs to
 */
public record ApplicationCertificate(String id, String mailbox, String application, String subject, String issuer,
                                     Optional<String> sha256, Instant createdAt) {
    public ApplicationCertificate {
        Objects.requireNonNull(id);
        Objects.requireNonNull(mailbox);
        Objects.requireNonNull(application);
        Objects.requireNonNull(subject);
        Objects.requireNonNull(issuer);
        Objects.requireNonNull(sha256);
        Objects.requireNonNull(createdAt);
    }
}
