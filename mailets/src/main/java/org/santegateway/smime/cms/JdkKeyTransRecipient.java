package org.santegateway.smime.cms;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.KeyTransRecipient;
import org.bouncycastle.cms.RecipientOperator;
import org.bouncycastle.jcajce.io.CipherInputStream;
import org.bouncycastle.operator.InputAEADDecryptor;
import org.bouncycastle.operator.InputDecryptor;

/**
 * Opens a CMS key-transport recipient entry with the JDK's RSA and AES (Bouncy Castle's own
 * recipient classes look ciphers and parameters up by OID, which the SunJCE provider does not
 * register). Only the algorithms {@link AlgorithmPolicy} allows reach it.
 *
 * <p>For RSA PKCS#1 v1.5 key transport, a content key that fails to decrypt is replaced by a
 * random one (RFC 3218 section 2.3.2): the failure then shows as content that fails its GCM tag
 * or CBC padding check (refused as {@code INTEGRITY}, as altered content is), and a sender
 * learns nothing about the RSA padding (Bleichenbacher). An RSA-OAEP key that does not decrypt
 * fails here, at once (refused as {@code CANNOT_DECRYPT}): OAEP gives no such oracle.</p>
 */
public final class JdkKeyTransRecipient implements KeyTransRecipient {
    private final PrivateKey privateKey;
    private final SecureRandom random;

    public JdkKeyTransRecipient(PrivateKey privateKey, SecureRandom random) {
        this.privateKey = privateKey;
        this.random = random;
    }

    @Override
    public RecipientOperator getRecipientOperator(AlgorithmIdentifier keyEncryption, AlgorithmIdentifier contentEncryption,
                                                  byte[] encryptedContentKey) throws CMSException {
        ASN1ObjectIdentifier content = contentEncryption.getAlgorithm();
        int keyLength = keyLength(content);
        byte[] contentKey = decryptContentKey(keyEncryption, encryptedContentKey, keyLength);
        SecretKeySpec key = new SecretKeySpec(contentKey, "AES");
        try {
            if (isGcm(content)) {
                GCMParameters params = GCMParameters.getInstance(contentEncryption.getParameters());
                Cipher cipher = JcaProviders.cipher("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(params.getIcvLen() * 8, params.getNonce()));
                return new RecipientOperator(new GcmDecryptor(contentEncryption, cipher));
            }
            byte[] iv = ASN1OctetString.getInstance(contentEncryption.getParameters()).getOctets();
            Cipher cipher = JcaProviders.cipher("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
            return new RecipientOperator(new CbcDecryptor(contentEncryption, cipher));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CMSException("content cipher cannot be initialised", e);
        }
    }

    private byte[] decryptContentKey(AlgorithmIdentifier keyEncryption, byte[] encryptedContentKey, int keyLength) throws CMSException {
        ASN1ObjectIdentifier oid = keyEncryption.getAlgorithm();
        try {
            if (oid.equals(PKCSObjectIdentifiers.id_RSAES_OAEP)) {
                RSAESOAEPparams params = RSAESOAEPparams.getInstance(keyEncryption.getParameters());
                String hash = AlgorithmPolicy.jcaDigestName(params.getHashAlgorithm().getAlgorithm());
                String mgfHash = AlgorithmPolicy.jcaDigestName(
                    AlgorithmIdentifier.getInstance(params.getMaskGenAlgorithm().getParameters()).getAlgorithm());
                byte[] label = ASN1OctetString.getInstance(params.getPSourceAlgorithm().getParameters()).getOctets();
                Cipher cipher = JcaProviders.cipher("RSA/ECB/OAEPPadding");
                cipher.init(Cipher.DECRYPT_MODE, privateKey, new OAEPParameterSpec(hash, "MGF1",
                    new MGF1ParameterSpec(mgfHash), new PSource.PSpecified(label)));
                byte[] key = cipher.doFinal(encryptedContentKey);
                if (key.length != keyLength) {
                    throw new CMSException("content key of the wrong length");
                }
                return key;
            }
            if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                return decryptPkcs1(encryptedContentKey, keyLength);
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CMSException("content key cannot be decrypted", e);
        }
        throw new CMSException("key transport algorithm not supported");
    }

    private byte[] decryptPkcs1(byte[] encryptedContentKey, int keyLength) throws GeneralSecurityException {
        byte[] substitute = new byte[keyLength];
        random.nextBytes(substitute);
        Cipher cipher = JcaProviders.cipher("RSA/ECB/PKCS1Padding");
        cipher.init(Cipher.DECRYPT_MODE, privateKey);
        try {
            byte[] key = cipher.doFinal(encryptedContentKey);
            return key.length == keyLength ? key : substitute;
        } catch (GeneralSecurityException e) {
            return substitute;
        }
    }

    private static boolean isGcm(ASN1ObjectIdentifier oid) {
        return oid.equals(CMSAlgorithm.AES128_GCM) || oid.equals(CMSAlgorithm.AES192_GCM) || oid.equals(CMSAlgorithm.AES256_GCM);
    }

    private static int keyLength(ASN1ObjectIdentifier oid) throws CMSException {
        if (oid.equals(CMSAlgorithm.AES128_CBC) || oid.equals(CMSAlgorithm.AES128_GCM)) {
            return 16;
        }
        if (oid.equals(CMSAlgorithm.AES192_CBC) || oid.equals(CMSAlgorithm.AES192_GCM)) {
            return 24;
        }
        if (oid.equals(CMSAlgorithm.AES256_CBC) || oid.equals(CMSAlgorithm.AES256_GCM)) {
            return 32;
        }
        throw new CMSException("content encryption algorithm not supported");
    }

    private record CbcDecryptor(AlgorithmIdentifier algorithm, Cipher cipher) implements InputDecryptor {
        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return algorithm;
        }

        @Override
        public InputStream getInputStream(InputStream in) {
            return new CipherInputStream(in, cipher);
        }
    }

    private record GcmDecryptor(AlgorithmIdentifier algorithm, Cipher cipher) implements InputAEADDecryptor {
        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return algorithm;
        }

        @Override
        public InputStream getInputStream(InputStream in) {
            // The parser appends the CMS mac field to the ciphertext: the JDK checks it in doFinal.
            return new CipherInputStream(in, cipher);
        }

        @Override
        public OutputStream getAADStream() {
            return new JdkContentEncryptor.AadOutputStream(cipher);
        }

        @Override
        public byte[] getMAC() {
            return null;
        }
    }
}
