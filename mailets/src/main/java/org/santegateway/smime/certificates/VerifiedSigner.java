package org.santegateway.smime.certificates;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Who signed a message, once the signature and the certificate path have been verified.
 *
 * @param certificate     the signer's certificate
 * @param path            the validated path, signer first, trust anchor excluded
 * @param signingTime     the signing-time signed attribute, when present (claimed by the signer)
 * @param digestAlgorithm the digest of the signature, e.g. {@code SHA-256}
 * @param capabilities    what the signer's software announced it can read (signed attribute)
 */
public record VerifiedSigner(X509Certificate certificate, List<X509Certificate> path, Optional<Instant> signingTime,
                             String digestAlgorithm, SmimeCapabilities capabilities) {
    private static final int RFC822_NAME = 1;

    public VerifiedSigner {
        Objects.requireNonNull(certificate, "certificate");
        path = List.copyOf(path);
        Objects.requireNonNull(signingTime, "signingTime");
        Objects.requireNonNull(digestAlgorithm, "digestAlgorithm");
        Objects.requireNonNull(capabilities, "capabilities");
    }

    /** A signer that announced no capabilities. */
    public VerifiedSigner(X509Certificate certificate, List<X509Certificate> path, Optional<Instant> signingTime,
                          String digestAlgorithm) {
        this(certificate, path, signingTime, digestAlgorithm, SmimeCapabilities.NONE_ANNOUNCED);
    }

    public X500Principal subject() {
        return certificate.getSubjectX500Principal();
    }

    /** The subject in RFC 2253 form, as certificates print it. */
    public String subjectDn() {
        return subject().getName(X500Principal.RFC2253);
    }

    /**
     * The mail addresses the certificate is for (subject alternative names, and the legacy
     * emailAddress attribute of the subject), lower-cased: what a mailet compares to From, and
     * what the certificate directory learns.
     */
    public Set<String> emailAddresses() {
        return emailAddresses(certificate);
    }

    /** Identifiers only: serial number and digest (the subject names a person). */
    @Override
    public String toString() {
        return "VerifiedSigner[serial=" + certificate.getSerialNumber().toString(16) + ", digest=" + digestAlgorithm + "]";
    }

    public static Set<String> emailAddresses(X509Certificate certificate) {
        Set<String> addresses = new LinkedHashSet<>();
        try {
            if (certificate.getSubjectAlternativeNames() != null) {
                for (List<?> name : certificate.getSubjectAlternativeNames()) {
                    if (name.size() == 2 && Integer.valueOf(RFC822_NAME).equals(name.get(0)) && name.get(1) instanceof String address) {
                        addresses.add(address.toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // An unreadable extension names no address.
        }
        for (RDN rdn : X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.EmailAddress)) {
            ASN1Encodable value = rdn.getFirst().getValue();
            if (value instanceof ASN1String string) {
                addresses.add(string.getString().toLowerCase(Locale.ROOT));
            }
        }
        return addresses;
    }
}
