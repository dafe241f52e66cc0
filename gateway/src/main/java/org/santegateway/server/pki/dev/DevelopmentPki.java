package org.santegateway.server.pki.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import org.santegateway.pki.PemFiles;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority.Purpose;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development and test PKI of the gateway: on first start, when the certificate directory holds no server key
 * material, generates a TEST root CA and a TLS server certificate signed by it, so that the gateway runs out of the
 * box over TLS (STARTTLS, SMTPS, IMAPS) and test operators can trust each other through {@value #CA_CERTIFICATE_FILE}.
 *
 * <p><strong>Development and tests only.</strong> Production deployments point the configuration at their own
 * certificates, issued by a real authority (IGC-Santé in France); this class then finds them and does nothing.</p>
 *
 * <p>Layout of the certificate directory:</p>
 * <ul>
 *     <li>{@value #CA_CERTIFICATE_FILE}: the self-signed TEST root CA certificate (PEM);</li>
 *     <li>{@value #CA_PRIVATE_KEY_FILE}: its private key (PKCS#8 PEM, owner-only);</li>
 *     <li>{@value #SERVER_CERTIFICATE_FILE}: the server certificate chain (PEM, leaf then CA), valid for TLS server
 *     and client authentication, as it is also presented to other operators;</li>
 *     <li>{@value #SERVER_PRIVATE_KEY_FILE}: its private key (unencrypted PKCS#8 PEM, owner-only), as Apache James
 *     reads it in {@code <privateKey>}.</li>
 * </ul>
 *
 * <p>Existing files are never overwritten. An existing test CA is reused when only the server files are missing
 * (delete them to re-issue the server certificate for other host names), so that peers trusting the CA keep trusting
 * the gateway. A lone server or CA file (certificate without key or the reverse) is refused rather than replaced: it
 * may be the operator's. Not meant to run concurrently with itself on the same directory.</p>
 */
public final class DevelopmentPki {
    public static final String CA_CERTIFICATE_FILE = "test-ca.pem";
    public static final String CA_PRIVATE_KEY_FILE = "test-ca.key";
    public static final String SERVER_CERTIFICATE_FILE = "server.pem";
    public static final String SERVER_PRIVATE_KEY_FILE = "server.key";
    /** Apple platforms refuse TLS server certificates valid longer than 825 days, even from a private CA. */
    public static final Duration SERVER_CERTIFICATE_VALIDITY = Duration.ofDays(825);

    private static final Logger LOGGER = LoggerFactory.getLogger(DevelopmentPki.class);

    /**
     * What {@link #ensure(List)} found or made.
     *
     * @param caSubject subject of the CA that issued the server certificate (its issuer name when the files existed)
     * @param serverCertificateSha256 SHA-256 fingerprint of the server certificate, as colon separated upper case hex
     * @param created whether this call generated the server key material
     */
    public record Result(Path caCertificate, Path caPrivateKey, Path serverCertificateChain, Path serverPrivateKey,
                         String caSubject, String serverCertificateSha256, boolean created) {
    }

    private final Path certsDir;
    private final Clock clock;

    public DevelopmentPki(Path certsDir, Clock clock) {
        this.certsDir = Objects.requireNonNull(certsDir, "certsDir");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Shortcut for {@code new DevelopmentPki(certsDir, clock).ensure(hostNames)}. */
    public static Result ensure(Path certsDir, List<String> hostNames, Clock clock) throws IOException {
        return new DevelopmentPki(certsDir, clock).ensure(hostNames);
    }

    /**
     * Generates the development key material unless {@value #SERVER_CERTIFICATE_FILE} and
     * {@value #SERVER_PRIVATE_KEY_FILE} both exist.
     *
     * @param hostNames names of the gateway, the first one being the common name of the server certificate; all
     *                  are subject alternative names (IP address entries for IP literals such as 127.0.0.1 or ::1)
     * @throws IllegalStateException when only one file of a certificate / key pair exists
     */
    public Result ensure(List<String> hostNames) throws IOException {
        if (hostNames.isEmpty()) {
            throw new IllegalArgumentException("At least one host name is needed for the server certificate");
        }
        Path serverCertificate = certsDir.resolve(SERVER_CERTIFICATE_FILE);
        Path serverPrivateKey = certsDir.resolve(SERVER_PRIVATE_KEY_FILE);
        if (bothExist(serverCertificate, serverPrivateKey)) {
            X509Certificate existing = PemFiles.certificates(serverCertificate).get(0);
            return result(existing, false);
        }

        Path caCertificate = certsDir.resolve(CA_CERTIFICATE_FILE);
        Path caPrivateKey = certsDir.resolve(CA_PRIVATE_KEY_FILE);
        boolean caExists = bothExist(caCertificate, caPrivateKey);
        DevelopmentCertificateAuthority certificateAuthority = caExists
            ? DevelopmentCertificateAuthority.load(caCertificate, caPrivateKey, clock)
            : DevelopmentCertificateAuthority.create(clock);
        String subjectDn = "CN=" + hostNames.get(0)
            + ", O=" + DevelopmentCertificateAuthority.ORGANIZATION
            + ", C=" + DevelopmentCertificateAuthority.COUNTRY;
        // Issued before anything is written: an invalid host name leaves the directory untouched.
        IssuedCertificate server = certificateAuthority.issueEndEntity(subjectDn, hostNames, List.of(),
            SERVER_CERTIFICATE_VALIDITY, EnumSet.of(Purpose.TLS_SERVER, Purpose.TLS_CLIENT));

        PemFiles.createPrivateDirectory(certsDir);
        if (!caExists) {
            certificateAuthority.writeTo(caCertificate, caPrivateKey);
        }
        server.writeTo(serverCertificate, serverPrivateKey);

        Result result = result(server.certificate(), true);
        LOGGER.info("Created development TLS key material (TEST CA, not for production) in {}: server certificate SHA-256 {}",
            certsDir.toAbsolutePath(), result.serverCertificateSha256());
        return result;
    }

    /** The test CA of the certificate directory, to issue more certificates (users, other test operators). */
    public DevelopmentCertificateAuthority certificateAuthority() throws IOException {
        return DevelopmentCertificateAuthority.load(certsDir.resolve(CA_CERTIFICATE_FILE), certsDir.resolve(CA_PRIVATE_KEY_FILE), clock);
    }

    /**
     * Issues an end-entity certificate signed by the test CA of the certificate directory, in memory only (see
     * {@link IssuedCertificate#writeTo(Path, Path)}).
     *
     * @see DevelopmentCertificateAuthority#issueEndEntity(String, List, List, Duration)
     */
    public IssuedCertificate issueEndEntity(String subjectDn, List<String> hostNames, List<String> emails, Duration validity)
        throws IOException {
        return certificateAuthority().issueEndEntity(subjectDn, hostNames, emails, validity);
    }

    // Neither file: false. Both: true. Only one: an interrupted generation or an incomplete installation, which
    // an operator has to look at, as overwriting the other file could destroy the operator's material.
    private static boolean bothExist(Path certificate, Path privateKey) {
        boolean certificateExists = Files.exists(certificate);
        boolean privateKeyExists = Files.exists(privateKey);
        if (certificateExists != privateKeyExists) {
            Path present = certificateExists ? certificate : privateKey;
            Path missing = certificateExists ? privateKey : certificate;
            throw new IllegalStateException(present + " exists but " + missing + " does not: provide the missing file,"
                + " or delete " + present + " to have development key material generated");
        }
        return certificateExists;
    }

    private Result result(X509Certificate serverCertificate, boolean created) {
        return new Result(certsDir.resolve(CA_CERTIFICATE_FILE), certsDir.resolve(CA_PRIVATE_KEY_FILE),
            certsDir.resolve(SERVER_CERTIFICATE_FILE), certsDir.resolve(SERVER_PRIVATE_KEY_FILE),
            serverCertificate.getIssuerX500Principal().getName(), sha256Fingerprint(serverCertificate), created);
    }

    static String sha256Fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("Cannot compute the fingerprint of the server certificate", e);
        }
    }
}
