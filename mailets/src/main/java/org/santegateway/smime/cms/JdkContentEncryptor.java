package org.santegateway.smime.cms;

import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.jcajce.io.CipherOutputStream;
import org.bouncycastle.operator.GenericKey;
import org.bouncycastle.operator.MacCaptureStream;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JceGenericKey;

/**
 * Content encryptors for Bouncy Castle's CMS generators that run on the JDK's AES. Bouncy
 * Castle's own {@code JceCMSContentEncryptorBuilder} cannot use the SunJCE provider (it asks for
 * key generators and parameters by OID, which SunJCE does not register).
 */
public final class JdkContentEncryptor {
    static final int GCM_NONCE_BYTES = 12;
    static final int GCM_TAG_BYTES = 16;
    private static final int AES_256_BITS = 256;

    private JdkContentEncryptor() {
    }

    /** AES-256-GCM with a random 96-bit nonce and a 128-bit tag, for AuthEnvelopedData. */
    public static OutputAEADEncryptor aes256Gcm(SecureRandom random) throws GeneralSecurityException {
        SecretKey key = newKey(random);
        byte[] nonce = new byte[GCM_NONCE_BYTES];
        random.nextBytes(nonce);
        Cipher cipher = JcaProviders.cipher("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(GCM_TAG_BYTES * 8, nonce));
        AlgorithmIdentifier algorithm = new AlgorithmIdentifier(CMSAlgorithm.AES256_GCM, new GCMParameters(nonce, GCM_TAG_BYTES));
        return new Gcm(algorithm, key, cipher);
    }

    /** AES-256-CBC with a random IV and PKCS#7 padding, for EnvelopedData. */
    public static OutputEncryptor aes256Cbc(SecureRandom random) throws GeneralSecurityException {
        SecretKey key = newKey(random);
        byte[] iv = new byte[16];
        random.nextBytes(iv);
        Cipher cipher = JcaProviders.cipher("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
        AlgorithmIdentifier algorithm = new AlgorithmIdentifier(CMSAlgorithm.AES256_CBC, new DEROctetString(iv));
        return new Cbc(algorithm, key, cipher);
    }

    private static SecretKey newKey(SecureRandom random) throws GeneralSecurityException {
        KeyGenerator generator = JcaProviders.keyGenerator("AES");
        generator.init(AES_256_BITS, random);
        return generator.generateKey();
    }

    private record Cbc(AlgorithmIdentifier algorithm, SecretKey key, Cipher cipher) implements OutputEncryptor {
        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return algorithm;
        }

        @Override
        public OutputStream getOutputStream(OutputStream out) {
            return new CipherOutputStream(out, cipher);
        }

        @Override
        public GenericKey getKey() {
            return new JceGenericKey(algorithm, key);
        }
    }

    private static final class Gcm implements OutputAEADEncryptor {
        private final AlgorithmIdentifier algorithm;
        private final SecretKey key;
        private final Cipher cipher;
        private MacCaptureStream macCapture;

        Gcm(AlgorithmIdentifier algorithm, SecretKey key, Cipher cipher) {
            this.algorithm = algorithm;
            this.key = key;
            this.cipher = cipher;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return algorithm;
        }

        @Override
        public OutputStream getOutputStream(OutputStream out) {
            // The JCA cipher appends the tag to the ciphertext; CMS carries it in its own field.
            macCapture = new MacCaptureStream(out, GCM_TAG_BYTES);
            return new CipherOutputStream(macCapture, cipher);
        }

        @Override
        public GenericKey getKey() {
            return new JceGenericKey(algorithm, key);
        }

        @Override
        public OutputStream getAADStream() {
            return new AadOutputStream(cipher);
        }

        @Override
        public byte[] getMAC() {
            return macCapture.getMac();
        }
    }

    /** Feeds additional authenticated data (CMS authenticated attributes) to an AEAD cipher. */
    static final class AadOutputStream extends OutputStream {
        private final Cipher cipher;

        AadOutputStream(Cipher cipher) {
            this.cipher = cipher;
        }

        @Override
        public void write(int b) {
            cipher.updateAAD(new byte[] {(byte) b});
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            cipher.updateAAD(buffer, offset, length);
        }
    }
}
