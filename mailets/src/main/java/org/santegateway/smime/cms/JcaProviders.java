package org.santegateway.smime.cms;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;

import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Where the cryptographic primitives come from: the JDK's providers (SunJCE for AES and RSA
 * encryption, SunRsaSign for RSA signatures, SUN for digests), Bouncy Castle building and parsing
 * only the CMS and ASN.1 structures. Measured here: the JDK's AES-GCM, with its CPU intrinsics,
 * runs 20 to 40 times faster than Bouncy Castle's pure-Java one, AES-CBC about 7 times faster.
 *
 * <p>The providers are asked for by name so that a Bouncy Castle provider registered in the JVM
 * by someone else (ahead of the JDK's) does not change what runs. On a JDK without them (not
 * OpenJDK-based), the default JCA lookup is used.</p>
 */
public final class JcaProviders {
    public static final String CIPHERS = "SunJCE";
    static final String SIGNATURES = "SunRsaSign";
    static final String DIGESTS = "SUN";

    private static final Provider CIPHER_PROVIDER = Security.getProvider(CIPHERS);
    private static final Provider SIGNATURE_PROVIDER = Security.getProvider(SIGNATURES);
    private static final Provider DIGEST_PROVIDER = Security.getProvider(DIGESTS);

    private JcaProviders() {
    }

    static Cipher cipher(String transformation) throws GeneralSecurityException {
        return CIPHER_PROVIDER != null ? Cipher.getInstance(transformation, CIPHER_PROVIDER) : Cipher.getInstance(transformation);
    }

    static KeyGenerator keyGenerator(String algorithm) throws NoSuchAlgorithmException {
        return CIPHER_PROVIDER != null ? KeyGenerator.getInstance(algorithm, CIPHER_PROVIDER) : KeyGenerator.getInstance(algorithm);
    }

    static Signature signature(String algorithm) throws NoSuchAlgorithmException {
        return SIGNATURE_PROVIDER != null ? Signature.getInstance(algorithm, SIGNATURE_PROVIDER) : Signature.getInstance(algorithm);
    }

    static MessageDigest digest(String algorithm) throws NoSuchAlgorithmException {
        return DIGEST_PROVIDER != null ? MessageDigest.getInstance(algorithm, DIGEST_PROVIDER) : MessageDigest.getInstance(algorithm);
    }

    /**
     * Verifies RSASSA-PSS signatures, which Bouncy Castle's verifier cannot run on the JDK's
     * provider (it asks for "SHA256WITHRSAANDMGF1"): Bouncy Castle's provider, an instance used
     * only there and never registered in the JVM. Digests stay on the JDK.
     */
    public static Provider pssVerification() {
        return BouncyCastleHolder.PROVIDER;
    }

    private static final class BouncyCastleHolder {
        static final Provider PROVIDER = new org.bouncycastle.jce.provider.BouncyCastleProvider();
    }

    public static DigestCalculatorProvider digestCalculators() {
        try {
            JcaDigestCalculatorProviderBuilder builder = new JcaDigestCalculatorProviderBuilder();
            if (DIGEST_PROVIDER != null) {
                builder.setProvider(DIGEST_PROVIDER);
            }
            return builder.build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("no digest provider", e);
        }
    }
}
