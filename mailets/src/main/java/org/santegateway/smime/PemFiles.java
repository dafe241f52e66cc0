package org.santegateway.smime;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads the configured PEM files: certificates (one or several per file), CRLs and unencrypted
 * private keys (PKCS#8 {@code PRIVATE KEY} or PKCS#1 {@code RSA PRIVATE KEY}). Errors name the
 * file, never its content.
 */
public final class PemFiles {
    private PemFiles() {
    }

    public static List<X509Certificate> certificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (java.security.cert.Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new IOException(file + ": no certificate");
            }
            return certificates;
        } catch (CertificateException e) {
            throw new IOException(file + ": not a PEM or DER certificate file");
        }
    }

    public static X509Certificate certificate(Path file) throws IOException {
        return certificates(file).get(0);
    }

    public static List<X509CRL> crls(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509CRL> crls = new ArrayList<>();
            for (java.security.cert.CRL crl : CertificateFactory.getInstance("X.509").generateCRLs(in)) {
                crls.add((X509CRL) crl);
            }
            if (crls.isEmpty()) {
                throw new IOException(file + ": no CRL");
            }
            return crls;
        } catch (CertificateException | CRLException e) {
            throw new IOException(file + ": not a PEM or DER CRL file");
        }
    }

    public static PrivateKey privateKey(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            // The key may follow other PEM blocks (a certificate, EC parameters): take the first key.
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
            }
            throw new IOException(file + ": not an unencrypted PEM private key");
        } catch (RuntimeException e) {
            throw new IOException(file + ": not an unencrypted PEM private key");
        }
    }
}
