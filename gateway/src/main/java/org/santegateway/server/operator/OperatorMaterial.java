package org.santegateway.server.operator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.santegateway.server.GatewaySettings;
import org.santegateway.server.pki.dev.DevelopmentPki;
import org.santegateway.server.pki.dev.IssuedCertificate;
import org.santegateway.pki.PemFiles;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority.Purpose;
import org.santegateway.server.revocation.RevocationSettings;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.settings.TlsHostNames;
import org.santegateway.server.startup.StartupFailure;
import org.santegateway.server.trust.TrustSettings;
import org.santegateway.trust.CrlException;
import org.santegateway.trust.ReloadingCrls;
import org.santegateway.trust.TrustListException;
import org.santegateway.trust.TrustListLoader;
import org.santegateway.trust.TrustListLoader.LoadedTrustList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares, before James starts, the key material of the trust space in the data directory's
 * {@code certs/} and checks the trust list, so that a gateway that cannot take part in the trust
 * space does not start:
 *
 * <ul>
 *   <li>{@value #ANCHORS_STORE}: the trust anchors ({@code trust.anchors}) as the PKCS#12 trust
 *   store the operators' listener validates client certificates with ({@code <clientAuth>} in
 *   smtpserver.xml), written again at every start from the PEM files;</li>
 *   <li>{@value #OPERATOR_CERTIFICATE} and {@value #OPERATOR_KEY}: the operator certificate the
 *   gateway presents to other operators, as TLS server on the operators' port and as TLS client
 *   when relaying; issued by the development CA on first start when absent (production installs
 *   its IGC-Santé operator certificate there);</li>
 *   <li>{@code smime/<domain>.pem} and {@code .key} for each of {@code smime.domains}: the domain
 *   S/MIME certificates, issued by the development CA when absent;</li>
 *   <li>the trust list is loaded once: a missing, malformed or checksum-failing file stops the
 *   start with one line; so does a CRL file of {@code smime.crls} that cannot be used, or a bad
 *   revocation setting ({@link RevocationSettings}).</li>
 * </ul>
 */
public final class OperatorMaterial {
    public static final String ANCHORS_STORE = "operator-anchors.p12";
    public static final String OPERATOR_CERTIFICATE = "operator.pem";
    public static final String OPERATOR_KEY = "operator.key";
    public static final String SMIME_DIRECTORY = "smime";
    static final Duration VALIDITY = Duration.ofDays(825);
    private static final Logger LOGGER = LoggerFactory.getLogger(OperatorMaterial.class);

    private OperatorMaterial() {
    }

    /** Returns the trust list read for the check, for the gateway to take over rather than parse the file again. */
    public static LoadedTrustList prepare(GatewaySettings settings, TrustSettings trust, RevocationSettings revocation, TlsHostNames hostNames,
                                          Clock clock) {
        LoadedTrustList trustList;
        try {
            trustList = new TrustListLoader(trust.trustList()).load();
        } catch (TrustListException e) {
            throw new StartupFailure("Trust list not loaded, the gateway does not start (" + TrustSettings.LIST_FILE + "): "
                + e.getMessage());
        }
        checkCrls(trust, revocation, clock);
        Path certs = settings.certsDirectory();
        try {
            PemFiles.createPrivateDirectory(certs);
            writeAnchorsStore(trust.anchorCertificates(), certs.resolve(ANCHORS_STORE));
            Path certificate = certs.resolve(OPERATOR_CERTIFICATE);
            Path key = certs.resolve(OPERATOR_KEY);
            if (Files.notExists(certificate) && Files.notExists(key)) {
                String subject = trust.operatorSubject().orElse("CN=" + hostNames.first()
                    + ", OU=MSSante operator, O=" + DevelopmentCertificateAuthority.ORGANIZATION + ", C=" + DevelopmentCertificateAuthority.COUNTRY);
                IssuedCertificate issued = developmentCa(settings, clock, OPERATOR_CERTIFICATE)
                    .issueEndEntity(subject, hostNames.names(), List.of(), VALIDITY, EnumSet.of(Purpose.TLS_SERVER, Purpose.TLS_CLIENT));
                issued.writeTo(certificate, key);
                LOGGER.warn("Created a development operator certificate (TEST CA, not for production) in {}: {}", certificate,
                    issued.certificate().getSubjectX500Principal().getName());
            }
            for (String domain : trust.smimeDomains()) {
                Path directory = certs.resolve(SMIME_DIRECTORY);
                PemFiles.createPrivateDirectory(directory);
                Path domainCertificate = directory.resolve(domain + ".pem");
                Path domainKey = directory.resolve(domain + ".key");
                if (Files.notExists(domainCertificate) && Files.notExists(domainKey)) {
                    // The domain as common name and DNS name: it signs for its senders with smime.signer.match domain or organisation.
                    developmentCa(settings, clock, SMIME_DIRECTORY + "/" + domain + ".pem")
                        .issueEndEntity("CN=" + domain + ", OU=MSSante domain, O=" + DevelopmentCertificateAuthority.ORGANIZATION
                            + ", C=" + DevelopmentCertificateAuthority.COUNTRY, List.of(domain), List.of(), VALIDITY, EnumSet.of(Purpose.EMAIL_PROTECTION))
                        .writeTo(domainCertificate, domainKey);
                    LOGGER.warn("Created a development S/MIME certificate (TEST CA, not for production) for the domain {}", domain);
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new StartupFailure(certs + ": the trust space key material cannot be prepared: " + e.getMessage(), e);
        }
        return trustList;
    }

    /** The revocation settings, intermediate CAs and CRL files are usable: checked before James starts. */
    static void checkCrls(TrustSettings trust, RevocationSettings revocation, Clock clock) {
        List<X509Certificate> issuers = new ArrayList<>(trust.anchorCertificates());
        issuers.addAll(revocation.intermediates(trust.anchorCertificates()));
        try {
            ReloadingCrls.load(revocation.crls(), issuers, clock);
        } catch (CrlException e) {
            throw GatewayProperties.failure(TrustSettings.SMIME_CRLS, "CRL file refused, the gateway does not start: "
                + e.getMessage());
        }
    }

    // A trust store holds public certificates only: its (empty) password protects nothing.
    private static void writeAnchorsStore(List<X509Certificate> anchors, Path target) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < anchors.size(); i++) {
            store.setCertificateEntry("anchor-" + i, anchors.get(i));
        }
        Path temporary = Files.createTempFile(target.getParent(), ".anchors", ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            store.store(out, new char[0]);
        }
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static DevelopmentCertificateAuthority developmentCa(GatewaySettings settings, Clock clock, String missing) {
        try {
            return new DevelopmentPki(settings.certsDirectory(), clock).certificateAuthority();
        } catch (IOException e) {
            throw new StartupFailure(settings.certsDirectory().resolve(missing) + " is missing and there is no development CA to issue it"
                + " (install the certificate and its key there)");
        }
    }
}
