package org.santegateway.server.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * An application of the catalogue of certified software (a practice or hospital software, an application of the Mon
 * espace santé catalogue): its editor, product and version, the reference of its certification, and its state.
 *
 * @param id            a short identifier chosen by the admin ({@code [a-z0-9][a-z0-9-]{0,63}}), never changed
 * @param certification the reference of its certification (for instance the ANS referencing number)
 */
public record CertifiedApplication(String id, String editor, String product, String version, String certification,
                                   ApplicationState state, Instant createdAt, Instant modifiedAt) {
    public static final String ID_SYNTAX = "[a-z0-9][a-z0-9-]{0,63}";

    public CertifiedApplication {
        Objects.requireNonNull(id);
        Objects.requireNonNull(editor);
        Objects.requireNonNull(product);
        Objects.requireNonNull(version);
        Objects.requireNonNull(certification);
        Objects.requireNonNull(state);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(modifiedAt);
    }
}
