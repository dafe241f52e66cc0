package org.santegateway.smime.certificates;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;

/** A fixed set of held keys (the configured user and domain keys). Immutable, thread-safe. */
public final class DecryptionKeys implements DecryptionKeyLookup {
    private final Map<String, DecryptionKey> byIssuerAndSerial;
    private final Map<ByteBuffer, DecryptionKey> bySubjectKeyIdentifier;

    private DecryptionKeys(Map<String, DecryptionKey> byIssuerAndSerial, Map<ByteBuffer, DecryptionKey> bySubjectKeyIdentifier) {
        this.byIssuerAndSerial = byIssuerAndSerial;
        this.bySubjectKeyIdentifier = bySubjectKeyIdentifier;
    }

    public static DecryptionKeys of(Collection<DecryptionKey> keys) {
        Map<String, DecryptionKey> byIssuerAndSerial = new HashMap<>();
        Map<ByteBuffer, DecryptionKey> bySki = new HashMap<>();
        for (DecryptionKey key : keys) {
            byIssuerAndSerial.put(issuerAndSerial(key.certificate().getIssuerX500Principal(), key.certificate().getSerialNumber()), key);
            subjectKeyIdentifier(key.certificate().getExtensionValue(Extension.subjectKeyIdentifier.getId()))
                .ifPresent(ski -> bySki.put(ByteBuffer.wrap(ski), key));
        }
        return new DecryptionKeys(Map.copyOf(byIssuerAndSerial), Map.copyOf(bySki));
    }

    @Override
    public Optional<DecryptionKey> findByIssuerAndSerial(X500Principal issuer, BigInteger serialNumber) {
        return Optional.ofNullable(byIssuerAndSerial.get(issuerAndSerial(issuer, serialNumber)));
    }

    @Override
    public Optional<DecryptionKey> findBySubjectKeyIdentifier(byte[] subjectKeyIdentifier) {
        return Optional.ofNullable(bySubjectKeyIdentifier.get(ByteBuffer.wrap(subjectKeyIdentifier)));
    }

    private static String issuerAndSerial(X500Principal issuer, BigInteger serialNumber) {
        return issuer.getName(X500Principal.CANONICAL) + "#" + serialNumber.toString(16);
    }

    // The extension value is an OCTET STRING wrapping the DER of the SubjectKeyIdentifier OCTET STRING.
    private static Optional<byte[]> subjectKeyIdentifier(byte[] extensionValue) {
        if (extensionValue == null) {
            return Optional.empty();
        }
        try {
            byte[] inner = ASN1OctetString.getInstance(extensionValue).getOctets();
            return Optional.of(ASN1OctetString.getInstance(inner).getOctets());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
