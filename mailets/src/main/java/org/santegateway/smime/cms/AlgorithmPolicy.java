package org.santegateway.smime.cms;

import java.security.PublicKey;
import java.security.interfaces.RSAKey;
import java.util.Map;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cms.CMSAlgorithm;
import org.santegateway.smime.certificates.CertificateDirectory;

/**
 * The algorithms inbound messages may use: allow-lists, so that anything not named here is
 * refused, and the known-weak ones are named as such ({@link AlgorithmRefusedException#isWeak()}):
 * the engine refuses the message as {@code UNSUPPORTED} or {@code WEAK_ALGORITHM}.
 *
 * <ul>
 *   <li>Digests: SHA-256, SHA-384, SHA-512. SHA-1, MD5 and MD2 are weak.</li>
 *   <li>Signatures: RSA PKCS#1 v1.5 and RSASSA-PSS with those digests, ECDSA with those digests.</li>
 *   <li>Content encryption: AES-128/192/256 in CBC (EnvelopedData) and GCM (AuthEnvelopedData
 *   only, with a tag of at least 96 bits). 3DES, DES, RC2 and RC4 are weak.</li>
 *   <li>Key transport: RSA PKCS#1 v1.5 (what most clients send today) and RSAES-OAEP.</li>
 *   <li>RSA keys of signers and recipients: at least {@value #MIN_RSA_BITS} bits.</li>
 * </ul>
 */
public final class AlgorithmPolicy {
    public static final int MIN_RSA_BITS = CertificateDirectory.MIN_RSA_BITS;

    private static final Map<ASN1ObjectIdentifier, String> DIGESTS = Map.of(
        NISTObjectIdentifiers.id_sha256, "SHA-256",
        NISTObjectIdentifiers.id_sha384, "SHA-384",
        NISTObjectIdentifiers.id_sha512, "SHA-512");
    private static final Map<ASN1ObjectIdentifier, String> WEAK_DIGESTS = Map.of(
        OIWObjectIdentifiers.idSHA1, "SHA-1",
        PKCSObjectIdentifiers.md5, "MD5",
        PKCSObjectIdentifiers.md2, "MD2");

    private static final Map<ASN1ObjectIdentifier, String> SIGNATURES = Map.of(
        PKCSObjectIdentifiers.rsaEncryption, "RSA",
        PKCSObjectIdentifiers.sha256WithRSAEncryption, "SHA256withRSA",
        PKCSObjectIdentifiers.sha384WithRSAEncryption, "SHA384withRSA",
        PKCSObjectIdentifiers.sha512WithRSAEncryption, "SHA512withRSA",
        PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSA-PSS",
        X9ObjectIdentifiers.id_ecPublicKey, "ECDSA",
        X9ObjectIdentifiers.ecdsa_with_SHA256, "SHA256withECDSA",
        X9ObjectIdentifiers.ecdsa_with_SHA384, "SHA384withECDSA",
        X9ObjectIdentifiers.ecdsa_with_SHA512, "SHA512withECDSA");
    private static final Map<ASN1ObjectIdentifier, String> WEAK_SIGNATURES = Map.of(
        PKCSObjectIdentifiers.sha1WithRSAEncryption, "SHA1withRSA",
        PKCSObjectIdentifiers.md5WithRSAEncryption, "MD5withRSA",
        X9ObjectIdentifiers.ecdsa_with_SHA1, "SHA1withECDSA");

    private static final Map<ASN1ObjectIdentifier, String> CBC = Map.of(
        CMSAlgorithm.AES128_CBC, "AES-128-CBC",
        CMSAlgorithm.AES192_CBC, "AES-192-CBC",
        CMSAlgorithm.AES256_CBC, "AES-256-CBC");
    private static final Map<ASN1ObjectIdentifier, String> GCM = Map.of(
        CMSAlgorithm.AES128_GCM, "AES-128-GCM",
        CMSAlgorithm.AES192_GCM, "AES-192-GCM",
        CMSAlgorithm.AES256_GCM, "AES-256-GCM");
    private static final Map<ASN1ObjectIdentifier, String> WEAK_CIPHERS = Map.of(
        PKCSObjectIdentifiers.des_EDE3_CBC, "3DES",
        PKCSObjectIdentifiers.RC2_CBC, "RC2",
        OIWObjectIdentifiers.desCBC, "DES",
        PKCSObjectIdentifiers.rc4, "RC4");

    private AlgorithmPolicy() {
    }

    /** The digest name of an allowed digest; refuses the others. */
    public static String checkDigest(AlgorithmIdentifier digest) throws AlgorithmRefusedException {
        ASN1ObjectIdentifier oid = digest.getAlgorithm();
        String name = DIGESTS.get(oid);
        if (name != null) {
            return name;
        }
        if (WEAK_DIGESTS.containsKey(oid)) {
            throw AlgorithmRefusedException.weak(WEAK_DIGESTS.get(oid) + " digest");
        }
        throw AlgorithmRefusedException.unsupported("digest algorithm " + oid.getId());
    }

    public static void checkSignature(AlgorithmIdentifier signature) throws AlgorithmRefusedException {
        ASN1ObjectIdentifier oid = signature.getAlgorithm();
        if (WEAK_SIGNATURES.containsKey(oid)) {
            throw AlgorithmRefusedException.weak(WEAK_SIGNATURES.get(oid) + " signature");
        }
        if (!SIGNATURES.containsKey(oid)) {
            throw AlgorithmRefusedException.unsupported("signature algorithm " + oid.getId());
        }
        if (oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            RSASSAPSSparams params = RSASSAPSSparams.getInstance(signature.getParameters());
            checkDigest(params.getHashAlgorithm());
            checkDigest(AlgorithmIdentifier.getInstance(params.getMaskGenAlgorithm().getParameters()));
        }
    }

    /** The cipher name of allowed content encryption; refuses the others. */
    public static String checkContentEncryption(AlgorithmIdentifier encryption, boolean authenticated) throws AlgorithmRefusedException {
        ASN1ObjectIdentifier oid = encryption.getAlgorithm();
        if (WEAK_CIPHERS.containsKey(oid)) {
            throw AlgorithmRefusedException.weak(WEAK_CIPHERS.get(oid) + " content encryption");
        }
        if (authenticated && GCM.containsKey(oid)) {
            GCMParameters params = GCMParameters.getInstance(encryption.getParameters());
            if (params.getIcvLen() < 12) {
                throw AlgorithmRefusedException.weak("GCM tag of " + params.getIcvLen() + " bytes");
            }
            return GCM.get(oid);
        }
        if (!authenticated && CBC.containsKey(oid)) {
            return CBC.get(oid);
        }
        throw AlgorithmRefusedException.unsupported("content encryption " + oid.getId()
            + (authenticated ? " in AuthEnvelopedData" : " in EnvelopedData"));
    }

    public static void checkKeyTransport(AlgorithmIdentifier keyTransport) throws AlgorithmRefusedException {
        ASN1ObjectIdentifier oid = keyTransport.getAlgorithm();
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return;
        }
        if (oid.equals(PKCSObjectIdentifiers.id_RSAES_OAEP)) {
            RSAESOAEPparams params = RSAESOAEPparams.getInstance(keyTransport.getParameters());
            ASN1ObjectIdentifier hash = params.getHashAlgorithm().getAlgorithm();
            // OAEP's security does not rest on collision resistance: SHA-1 (the default) is fine here.
            if (!hash.equals(OIWObjectIdentifiers.idSHA1) && !DIGESTS.containsKey(hash)) {
                throw AlgorithmRefusedException.unsupported("OAEP hash " + hash.getId());
            }
            return;
        }
        throw AlgorithmRefusedException.unsupported("key transport " + oid.getId());
    }

    /** Refuses RSA keys under the minimum, as weak; other key types are left to the signature check. */
    public static void checkKeySize(PublicKey key, String whose) throws AlgorithmRefusedException {
        if (key instanceof RSAKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw AlgorithmRefusedException.weak(whose + " RSA key of " + rsa.getModulus().bitLength() + " bits");
        }
    }

    /** The JCA name of a digest allowed somewhere (SHA-1 included: OAEP's default hash). */
    static String jcaDigestName(ASN1ObjectIdentifier oid) {
        if (oid.equals(OIWObjectIdentifiers.idSHA1)) {
            return "SHA-1";
        }
        String name = DIGESTS.get(oid);
        if (name == null) {
            throw new IllegalArgumentException("digest " + oid.getId());
        }
        return name;
    }
}
