package org.santegateway.smime.certificates;

import java.math.BigInteger;
import java.util.Optional;

import javax.security.auth.x500.X500Principal;

/**
 * Finds the private key a CMS recipient entry was encrypted for, by the identifier the sender
 * wrote: issuer and serial number of the recipient certificate, or its subject key identifier.
 * A key store, an HSM or the simple {@link DecryptionKeys} implement it.
 */
public interface DecryptionKeyLookup {
    Optional<DecryptionKey> findByIssuerAndSerial(X500Principal issuer, BigInteger serialNumber);

    Optional<DecryptionKey> findBySubjectKeyIdentifier(byte[] subjectKeyIdentifier);
}
