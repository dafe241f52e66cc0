package org.santegateway.smime.cms;

import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.RuntimeOperatorException;

/** A Bouncy Castle content signer over the JDK's RSA signatures (SunRsaSign). One per message. */
public final class JdkContentSigner implements ContentSigner {
    private static final AlgorithmIdentifier SHA256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
    private static final int PSS_SALT_BYTES = 32;

    private final AlgorithmIdentifier algorithm;
    private final Signature signature;

    private JdkContentSigner(AlgorithmIdentifier algorithm, Signature signature) {
        this.algorithm = algorithm;
        this.signature = signature;
    }

    public static JdkContentSigner create(SignatureAlgorithm algorithm, PrivateKey key, SecureRandom random) throws GeneralSecurityException {
        switch (algorithm) {
            case SHA256_WITH_RSA: {
                Signature signature = JcaProviders.signature("SHA256withRSA");
                signature.initSign(key, random);
                return new JdkContentSigner(new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE), signature);
            }
            case SHA256_WITH_RSA_PSS: {
                Signature signature = JcaProviders.signature("RSASSA-PSS");
                signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSS_SALT_BYTES, 1));
                signature.initSign(key, random);
                RSASSAPSSparams params = new RSASSAPSSparams(SHA256,
                    new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, SHA256), new ASN1Integer(PSS_SALT_BYTES), new ASN1Integer(1));
                return new JdkContentSigner(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, params), signature);
            }
            default:
                throw new IllegalArgumentException("signature algorithm " + algorithm);
        }
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithm;
    }

    @Override
    public OutputStream getOutputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                try {
                    signature.update(bytes, offset, length);
                } catch (SignatureException e) {
                    throw new RuntimeOperatorException("signature update failed", e);
                }
            }
        };
    }

    @Override
    public byte[] getSignature() {
        try {
            return signature.sign();
        } catch (SignatureException e) {
            throw new RuntimeOperatorException("signature failed", e);
        }
    }
}
