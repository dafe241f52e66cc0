package org.santegateway.server.revocation;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.santegateway.server.GatewaySettings;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.pki.PemFiles;
import org.santegateway.pki.CertificatePathValidator;
import org.santegateway.pki.RevocationPolicy;
import org.santegateway.server.trust.TrustSettings;

/**
 * The revocation settings of {@code gateway.properties}, next to {@link TrustSettings}: one set of
 * CRL files ({@value TrustSettings#SMIME_CRLS}) serves the S/MIME signers and the operators' TLS
 * certificates, each with its own policy.
 *
 * <ul>
 *   <li>{@value TrustSettings#SMIME_REVOCATION}: {@code crl} (fail closed) or {@code none}, for S/MIME signers;</li>
 *   <li>{@value #OPERATORS_REVOCATION}: {@code crl} or {@code none}, for the certificates other
 *   operators present in TLS, inbound (operators' SMTP port) and outbound (relay); default: the
 *   value of {@value TrustSettings#SMIME_REVOCATION};</li>
 *   <li>{@value TrustSettings#SMIME_CRLS}: the CRL files (PEM or DER, relative to the data directory
 *   or absolute), re-read when they change;</li>
 *   <li>{@value #CRL_POLL}: how often the CRL files are checked for a change (default {@code 60s};
 *   a bare number is seconds);</li>
 *   <li>{@value #INTERMEDIATES}: PEM files of intermediate CA certificates (the IGC-Santé CAs below
 *   the roots of {@value TrustSettings#ANCHORS}): CRLs they sign are accepted, and S/MIME senders
 *   may omit them from their signatures. Each must be issued by an anchor or another of them.</li>
 * </ul>
 */
public record RevocationSettings(RevocationPolicy smime, RevocationPolicy operators, List<Path> crls, List<Path> intermediateFiles,
                                 Duration pollInterval) {
    public static final String OPERATORS_REVOCATION = "operators.revocation";
    public static final String CRL_POLL = "crl.poll.interval";
    public static final String INTERMEDIATES = "trust.intermediates";

    public static RevocationSettings from(GatewayProperties properties, GatewaySettings settings, TrustSettings trust) {
        RevocationPolicy operators = TrustSettings.revocationPolicy(properties, OPERATORS_REVOCATION).orElse(trust.revocation());
        return new RevocationSettings(trust.revocation(), operators, trust.crls(),
            properties.paths(INTERMEDIATES, settings.dataDirectory()),
            properties.positiveDurationOrSeconds(CRL_POLL, Duration.ofSeconds(60)));
    }

    /** Whether any check needs current CRLs. */
    public boolean crlRequired() {
        return smime == RevocationPolicy.REQUIRE_CRL || operators == RevocationPolicy.REQUIRE_CRL;
    }

    /** The intermediate CA certificates, each checked to be a CA issued by an anchor or another of them. */
    public List<X509Certificate> intermediates(List<X509Certificate> anchors) {
        List<X509Certificate> intermediates = new ArrayList<>();
        for (Path file : intermediateFiles) {
            try {
                intermediates.addAll(PemFiles.certificates(file));
            } catch (IOException | RuntimeException e) {
                throw GatewayProperties.failure(INTERMEDIATES, "file " + file + " is not readable as PEM certificates ("
                    + e.getMessage() + ")");
            }
        }
        for (X509Certificate intermediate : intermediates) {
            String name = intermediate.getSubjectX500Principal().getName();
            if (intermediate.getBasicConstraints() < 0) {
                throw GatewayProperties.failure(INTERMEDIATES, name + " is not a CA certificate");
            }
            boolean issued = anchors.stream().anyMatch(anchor -> CertificatePathValidator.issued(anchor, intermediate))
                || intermediates.stream().anyMatch(other -> other != intermediate && CertificatePathValidator.issued(other, intermediate));
            if (!issued) {
                throw GatewayProperties.failure(INTERMEDIATES, name + " is issued by no trust anchor nor configured intermediate CA");
            }
        }
        return List.copyOf(intermediates);
    }
}
