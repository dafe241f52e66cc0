package org.santegateway.mailets;

import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.santegateway.smime.certificates.DecryptionKeyLookup;
import org.santegateway.smime.certificates.SigningIdentity;

/**
 * The S/MIME key material the gateway holds for its own users and domains: what
 * {@link ProtectSmime} signs with and what {@link UnwrapSmime} decrypts with.
 */
public interface SmimeKeyring {
    /** The sender's own identity when the gateway holds one, else that of the sender's domain. */
    Optional<SigningIdentity> signerFor(MailAddress sender);

    /** The identity the gateway signs its own mail with (delivery notifications): its first domain's. */
    Optional<SigningIdentity> gatewaySigner();

    /** The keys of the gateway's users and domains. */
    DecryptionKeyLookup decryptionKeys();
}
