package org.santegateway.dmp;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;

import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;

/** JCA look-ups for the DMP crypto: the JDK's SunJCE when present (AES-NI and GHASH intrinsics). */
final class Crypto {
    static final SecureRandom RANDOM = new SecureRandom();
    private static final Provider SUN_JCE = Security.getProvider("SunJCE");

    private Crypto() {
    }

    /*
     * Bouncy Castle is on the classpath for S/MIME; its AES-GCM is pure Java and several times
     * slower, so never let provider order pick it here.
     */
    static Cipher cipher(String transformation) {
        try {
            return SUN_JCE != null ? Cipher.getInstance(transformation, SUN_JCE) : Cipher.getInstance(transformation);
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException(transformation + " is mandatory in the JDK", e);
        }
    }

    static IllegalStateException unexpected(GeneralSecurityException e) {
        return new IllegalStateException("cipher failure: " + e.getClass().getSimpleName(), e);
    }
}
