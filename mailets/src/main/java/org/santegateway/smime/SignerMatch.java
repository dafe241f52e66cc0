package org.santegateway.smime;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.santegateway.smime.certificates.VerifiedSigner;

/**
 * Whether the verified signer of a message may speak for the sender its {@code From:} header
 * names: a valid signature by a certificate of another person or organisation proves nothing about
 * that sender. What the certificate names is compared, in lower case and exactly (a sub-domain is
 * another domain: MSSanté domains of different organisations share parents such as
 * {@code mssante.fr}), with the single address of {@code From:}.
 *
 * <ul>
 *   <li>{@link #ADDRESS}: the certificate names the From address itself (rfc822Name subject
 *   alternative name, or emailAddress in the subject): personal certificates only.</li>
 *   <li>{@link #DOMAIN}: the certificate names the From address, another address of the From
 *   domain, or the From domain as a DNS name (dNSName subject alternative name).</li>
 *   <li>{@link #ORGANISATION} (the default, the MSSanté practice): the certificate names the From
 *   address (a personal certificate of the sender), or is an organisation certificate of the From
 *   domain: a DNS name or the subject's common name is the From domain (what operators' domain
 *   certificates carry, e.g. {@code CN=hopital-a.fr, OU=MSSante domain}). A colleague's personal
 *   certificate does not sign for another person here.</li>
 * </ul>
 *
 * <p>A message whose {@code From:} is absent, repeated, a group or not one parsable address
 * matches no signer (fail closed).</p>
 */
public enum SignerMatch {
    ADDRESS,
    DOMAIN,
    ORGANISATION;

    /** The organisation certificate of the sender's domain signs for its senders: the MSSanté practice. */
    public static final SignerMatch DEFAULT = ORGANISATION;

    private static final int DNS_NAME = 2;

    /** The setting value: {@code address}, {@code domain} or {@code organisation}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the accepted values
     */
    public static SignerMatch parse(String value) {
        String normalized = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (SignerMatch match : values()) {
            if (match.value().equals(normalized)) {
                return match;
            }
        }
        throw new IllegalArgumentException("must be one of " + Arrays.stream(values()).map(SignerMatch::value)
            .collect(Collectors.joining(", ")));
    }

    /**
     * Checks the signer against the message's {@code From:} header.
     *
     * @return empty when the signer may speak for the sender; else why not, with identifiers only
     *         (the certificate serial, never an address)
     */
    public Optional<String> check(VerifiedSigner signer, MimeMessage message) {
        String which = "the signer certificate (serial " + signer.certificate().getSerialNumber().toString(16) + ")";
        Optional<String> from = singleFromAddress(message);
        if (from.isEmpty()) {
            return Optional.of("the From header is absent or is not a single address: " + which + " cannot be matched to a sender");
        }
        if (accepts(signer.certificate(), from.get())) {
            return Optional.empty();
        }
        return Optional.of(which + " does not name the From " + (this == ADDRESS ? "address" : "address or domain")
            + " (smime.signer.match=" + value() + ")");
    }

    /** Whether the certificate may sign for the address ({@code local@domain}). */
    public boolean accepts(X509Certificate certificate, String fromAddress) {
        String from = fromAddress.strip().toLowerCase(Locale.ROOT);
        int at = from.lastIndexOf('@');
        if (at <= 0 || at == from.length() - 1) {
            return false;
        }
        String domain = from.substring(at + 1);
        Set<String> addresses = VerifiedSigner.emailAddresses(certificate);
        if (addresses.contains(from)) {
            return true;
        }
        return switch (this) {
            case ADDRESS -> false;
            case DOMAIN -> dnsNames(certificate).contains(domain)
                || addresses.stream().anyMatch(address -> address.substring(address.lastIndexOf('@') + 1).equals(domain));
            case ORGANISATION -> dnsNames(certificate).contains(domain) || commonNames(certificate).contains(domain);
        };
    }

    /** The one address of the {@code From:} header, lower case; empty when there is not exactly one. */
    static Optional<String> singleFromAddress(MimeMessage message) {
        try {
            String[] headers = message.getHeader("From");
            if (headers == null || headers.length != 1) {
                return Optional.empty();
            }
            InternetAddress address = new InternetAddress(MimeUtility.unfold(headers[0]).strip(), true);
            if (address.isGroup() || address.getAddress() == null) {
                return Optional.empty();
            }
            return Optional.of(address.getAddress().toLowerCase(Locale.ROOT));
        } catch (MessagingException e) {
            // Not parsable as one address (AddressException), or the headers cannot be read.
            return Optional.empty();
        }
    }

    static Set<String> dnsNames(X509Certificate certificate) {
        Set<String> names = new LinkedHashSet<>();
        try {
            if (certificate.getSubjectAlternativeNames() != null) {
                for (List<?> name : certificate.getSubjectAlternativeNames()) {
                    if (name.size() == 2 && Integer.valueOf(DNS_NAME).equals(name.get(0)) && name.get(1) instanceof String dns) {
                        names.add(withoutTrailingDot(dns.toLowerCase(Locale.ROOT)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // An unreadable extension names no domain.
        }
        return names;
    }

    static Set<String> commonNames(X509Certificate certificate) {
        Set<String> names = new LinkedHashSet<>();
        for (RDN rdn : X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN)) {
            ASN1Encodable value = rdn.getFirst().getValue();
            if (value instanceof ASN1String string) {
                names.add(withoutTrailingDot(string.getString().strip().toLowerCase(Locale.ROOT)));
            }
        }
        return names;
    }

    private static String withoutTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
