package org.santegateway.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.santegateway.server.pki.dev.IssuedCertificate;

/** TLS clients for tests that trust only the gateway's test CA (as a configured mail client would). */
public final class TestTls {
    private TestTls() {
    }

    public static SSLContext trusting(Path caCertificate) {
        try (InputStream input = Files.newInputStream(caCertificate)) {
            Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(input);
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            trustStore.setCertificateEntry("test-ca", ca);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SSLSocketFactory socketFactory(Path caCertificate) {
        return trusting(caCertificate).getSocketFactory();
    }

    /**
     * A TLS client presenting a client certificate (an operator's, for the operators' port) and
     * trusting the given CA.
     */
    public static SSLSocketFactory clientSocketFactory(X509Certificate trustedCa, IssuedCertificate clientCertificate) {
        return clientContext(trustedCa, clientCertificate).getSocketFactory();
    }

    /** The same as a context, for Java's HTTP client. */
    public static SSLContext clientContext(X509Certificate trustedCa, IssuedCertificate clientCertificate) {
        try {
            char[] password = "in-memory".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", clientCertificate.keyPair().getPrivate(), password,
                clientCertificate.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            trustStore.setCertificateEntry("ca", trustedCa);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
