package org.santegateway.server.smime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import javax.inject.Singleton;

import org.apache.james.core.MailAddress;
import org.santegateway.mailets.SmimeKeyring;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.startup.StartupFailure;
import org.santegateway.server.revocation.Intermediates;
import org.santegateway.server.operator.OperatorMaterial;
import org.santegateway.server.trust.TrustSettings;
import org.santegateway.smime.certificates.CertificateDirectory;
import org.santegateway.smime.certificates.DecryptionKey;
import org.santegateway.smime.certificates.DecryptionKeyLookup;
import org.santegateway.smime.certificates.DecryptionKeys;
import org.santegateway.smime.certificates.LearnedCertificateFiles;
import org.santegateway.smime.certificates.PemCertificateDirectory;
import org.santegateway.pki.PemFiles;
import org.santegateway.pki.RevocationPolicy;
import org.santegateway.smime.SignerMatch;
import org.santegateway.smime.certificates.SigningIdentity;
import org.santegateway.smime.SmimeInbound;
import org.santegateway.smime.SmimeOutbound;
import org.santegateway.trust.ReloadingCrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * The S/MIME engine for the mailets {@code ProtectSmime} and {@code UnwrapSmime}: the domain keys
 * of {@code smime.domains} ({@code certs/smime/<domain>.pem|.key}), the verification trust (the
 * trust anchors, CRLs, revocation policy) and the certificate directory (configured
 * {@code smime.certificate.*} files plus the ones learnt from verified signed mail, kept under
 * {@code <data>/var/smime/learnt}), and what a signer's certificate must name to sign for the
 * sender ({@link SmimeSettings}).
 */
public class SmimeModule extends AbstractModule {
    static final int MAX_LEARNED_CERTIFICATES = 100_000;
    private static final Logger LOGGER = LoggerFactory.getLogger(SmimeModule.class);

    @Provides
    @Singleton
    SmimeOutbound provideOutbound(Clock clock) {
        return new SmimeOutbound(clock);
    }

    @Provides
    @Singleton
    SmimeInbound provideInbound(TrustSettings settings, Clock clock, ReloadingCrls crls,
                                @Intermediates List<X509Certificate> intermediates) {
        // The CRL files (smime.crls) are read, verified and reloaded by ReloadingCrls (CrlModule).
        if (settings.revocation() == RevocationPolicy.NONE) {
            LOGGER.warn("S/MIME signer certificates are not checked for revocation ({}=none)", TrustSettings.SMIME_REVOCATION);
        }
        ReloadedVerificationTrust trust = new ReloadedVerificationTrust(settings.anchorCertificates(), intermediates,
            settings.revocation(), crls);
        return new SmimeInbound(trust, clock, SmimeInbound.DEFAULT_MAX_CONTENT_BYTES, new SecureRandom());
    }

    @Provides
    @Singleton
    SignerMatch provideSignerMatch(GatewayProperties properties) {
        return SmimeSettings.from(properties).signerMatch();
    }

    @Provides
    @Singleton
    CertificateDirectory provideDirectory(TrustSettings settings, GatewaySettings gateway, Clock clock) {
        try {
            return PemCertificateDirectory.load(settings.correspondentCertificates(),
                new LearnedCertificateFiles(learnedCertificatesDirectory(gateway)), clock, MAX_LEARNED_CERTIFICATES);
        } catch (IOException e) {
            throw new StartupFailure(GatewayProperties.FILE + ": " + TrustSettings.SMIME_CERTIFICATE_PREFIX + "*: " + e.getMessage(), e);
        }
    }

    /** Where the certificates learnt from verified signed mail are kept: {@code <data>/var/smime/learnt}. */
    static Path learnedCertificatesDirectory(GatewaySettings gateway) {
        return gateway.dataDirectory().resolve("var").resolve("smime").resolve("learnt");
    }

    /**
     * Personal S/MIME identities the gateway holds for some of its users: {@code <address>.pem} and
     * {@code <address>.key} in the S/MIME directory, used to sign what they send and to decrypt
     * what is encrypted for them. Their decryption keys are added to {@code keys}.
     */
    static Map<String, SigningIdentity> personalIdentities(Path directory, List<DecryptionKey> keys) {
        Map<String, SigningIdentity> byAddress = new HashMap<>();
        if (!Files.isDirectory(directory)) {
            return byAddress;
        }
        List<Path> certificates;
        try (Stream<Path> files = Files.list(directory)) {
            certificates = files.filter(file -> file.getFileName().toString().endsWith(".pem")
                && file.getFileName().toString().contains("@")).sorted().toList();
        } catch (IOException e) {
            throw GatewayProperties.failure(TrustSettings.SMIME_DOMAINS, "the directory " + directory
                + " cannot be listed: " + e.getMessage());
        }
        for (Path certificateFile : certificates) {
            String name = certificateFile.getFileName().toString();
            String address = name.substring(0, name.length() - ".pem".length()).toLowerCase(Locale.ROOT);
            Path keyFile = directory.resolve(name.substring(0, name.length() - ".pem".length()) + ".key");
            try {
                List<X509Certificate> chain = PemFiles.certificates(certificateFile);
                PrivateKey key = PemFiles.privateKey(keyFile);
                byAddress.put(address, new SigningIdentity(key, chain.get(0), chain.subList(1, chain.size())));
                keys.add(new DecryptionKey(key, chain.get(0)));
            } catch (IOException | RuntimeException e) {
                // The file names an address: the line names the directory only (no address in logs).
                throw GatewayProperties.failure(TrustSettings.SMIME_DOMAINS, "a personal certificate in "
                    + directory + " or its key cannot be read: " + e.getMessage());
            }
        }
        if (!byAddress.isEmpty()) {
            LOGGER.info("S/MIME: {} personal signing identities held by the gateway", byAddress.size());
        }
        return byAddress;
    }

    @Provides
    @Singleton
    SmimeKeyring provideKeyring(GatewaySettings gatewaySettings, TrustSettings settings) {
        Map<String, SigningIdentity> byDomain = new HashMap<>();
        List<DecryptionKey> keys = new ArrayList<>();
        Path directory = gatewaySettings.certsDirectory().resolve(OperatorMaterial.SMIME_DIRECTORY);
        for (String domain : settings.smimeDomains()) {
            Path certificateFile = directory.resolve(domain + ".pem");
            try {
                List<X509Certificate> chain = PemFiles.certificates(certificateFile);
                PrivateKey key = PemFiles.privateKey(directory.resolve(domain + ".key"));
                byDomain.put(domain, new SigningIdentity(key, chain.get(0), chain.subList(1, chain.size())));
                keys.add(new DecryptionKey(key, chain.get(0)));
            } catch (IOException | RuntimeException e) {
                throw GatewayProperties.failure(TrustSettings.SMIME_DOMAINS, "the key material of " + domain + " in "
                    + directory + " cannot be read: " + e.getMessage());
            }
        }
        Map<String, SigningIdentity> byAddress = personalIdentities(directory, keys);
        DecryptionKeys decryptionKeys = DecryptionKeys.of(keys);
        Map<String, SigningIdentity> identities = Map.copyOf(byDomain);
        Map<String, SigningIdentity> personal = Map.copyOf(byAddress);
        Optional<SigningIdentity> gatewayIdentity = settings.smimeDomains().stream().findFirst().map(byDomain::get);
        return new SmimeKeyring() {
            @Override
            public Optional<SigningIdentity> signerFor(MailAddress sender) {
                return Optional.ofNullable(personal.get(sender.asString().toLowerCase(Locale.ROOT)))
                    .or(() -> Optional.ofNullable(identities.get(sender.getDomain().asString().toLowerCase(Locale.ROOT))));
            }

            @Override
            public Optional<SigningIdentity> gatewaySigner() {
                return gatewayIdentity;
            }

            @Override
            public DecryptionKeyLookup decryptionKeys() {
                return decryptionKeys;
            }
        };
    }
}
