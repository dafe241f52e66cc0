package org.santegateway.server.relay;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

import org.santegateway.server.GatewaySettings;
import org.santegateway.pki.PemFiles;
import org.santegateway.server.startup.StartupFailure;
import org.santegateway.server.operator.OperatorMaterial;
import org.santegateway.server.trust.TrustSettings;
import org.santegateway.trust.OperatorCertificateRevocation;
import org.santegateway.trust.ReloadingTrustList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS client side of relaying to other operators: presents the gateway's operator certificate
 * ({@code certs/operator.pem}), accepts a peer only when its certificate chains to a trust anchor
 * ({@code trust.anchors}, PKIX) and its subject is, on the trust list in force, an operator of the
 * domain being delivered to ({@link RelayDestination}), and its chain is not revoked by the CRLs
 * in force ({@link OperatorCertificateRevocation}, {@code operators.revocation}): a refused peer
 * fails the handshake, and remote delivery treats that as a temporary failure of that server.
 * Installed into {@link OperatorTlsSocketFactory} at startup.
 *
 * <p>Connections share one TLS context, so that a connection to a server met before resumes its session: JSSE then
 * does not call the trust manager, and a session opened for one destination domain, or before the peer left the trust
 * list or had its certificate revoked, would be taken again unchecked. So every connection, resumed or not, has its
 * peer judged again once the handshake is over ({@link PeerCheckedSocket}, {@link ListedOperatorTrustManager#checkPeerAgain}).</p>
 */
public class OperatorTlsClient {
    /** How long a session to a peer may be resumed; its peer is judged again at each connection all the same. */
    static final int SESSION_LIFETIME_SECONDS = 3600;
    private static final Logger LOGGER = LoggerFactory.getLogger(OperatorTlsClient.class);

    @Inject
    public OperatorTlsClient(GatewaySettings settings, TrustSettings trustSettings, ReloadingTrustList trustList,
                             OperatorCertificateRevocation revocation) {
        try {
            OperatorTlsSocketFactory.install(connections(keyManagers(settings.certsDirectory()),
                new ListedOperatorTrustManager(pkix(trustSettings.anchorCertificates()), trustList, revocation)));
            LOGGER.info("Relay TLS client ready: operator certificate {}, {} trust anchor(s)",
                settings.certsDirectory().resolve(OperatorMaterial.OPERATOR_CERTIFICATE), trustSettings.anchors().size());
        } catch (IOException | GeneralSecurityException e) {
            throw new StartupFailure("The relay TLS client cannot be set up: " + e.getMessage(), e);
        }
    }

    /**
     * The relay's TLS connections, from one context: a connection to a server met within
     * {@value #SESSION_LIFETIME_SECONDS} seconds resumes that session, which spares both sides the certificate
     * signatures and path checks of a full handshake (about 2 ms of CPU on this side and 2 on the peer's); the peer of
     * every connection is then judged again against the destination, the trust list and the CRLs in force.
     */
    static OperatorTlsSocketFactory connections(javax.net.ssl.KeyManager[] keys, ListedOperatorTrustManager trust)
        throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, new TrustManager[] {trust}, null);
        context.getClientSessionContext().setSessionTimeout(SESSION_LIFETIME_SECONDS);
        return new OperatorTlsSocketFactory(context.getSocketFactory(), trust::checkPeerAgain);
    }

    private static javax.net.ssl.KeyManager[] keyManagers(Path certs) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = PemFiles.certificates(certs.resolve(OperatorMaterial.OPERATOR_CERTIFICATE));
        PrivateKey key = PemFiles.privateKey(certs.resolve(OperatorMaterial.OPERATOR_KEY));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "in-memory".toCharArray();
        store.setKeyEntry("operator", key, password, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    static X509ExtendedTrustManager pkix(List<X509Certificate> anchors) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < anchors.size(); i++) {
            store.setCertificateEntry("anchor-" + i, anchors.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                return extended;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager");
    }

    /**
     * PKIX validation (host name included, as JavaMail asks), then: the peer must be an operator of
     * the destination domain, and its chain not revoked.
     */
    static final class ListedOperatorTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager pkix;
        private final ReloadingTrustList trustList;
        private final OperatorCertificateRevocation revocation;

        ListedOperatorTrustManager(X509ExtendedTrustManager pkix, ReloadingTrustList trustList, OperatorCertificateRevocation revocation) {
            this.pkix = pkix;
            this.trustList = trustList;
            this.revocation = revocation;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            pkix.checkServerTrusted(chain, authType, socket);
            checkListed(chain[0]);
            checkNotRevoked(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            pkix.checkServerTrusted(chain, authType, engine);
            checkListed(chain[0]);
            checkNotRevoked(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            pkix.checkServerTrusted(chain, authType);
            checkListed(chain[0]);
            checkNotRevoked(chain);
        }

        private void checkNotRevoked(X509Certificate[] chain) throws CertificateException {
            OperatorCertificateRevocation.Verdict verdict = revocation.check(Arrays.asList(chain));
            if (verdict.refused()) {
                // The detail names positions and serial numbers only.
                LOGGER.warn("Relay refused a peer: {} ({})", verdict.outcome(), verdict.detail());
                throw new CertificateException("the peer's certificate chain fails the revocation check: " + verdict.detail());
            }
        }

        private void checkListed(X509Certificate peer) throws CertificateException {
            Optional<String> destination = RelayDestination.current();
            if (destination.isPresent()) {
                if (!trustList.isAllowed(destination.get(), peer.getSubjectX500Principal())) {
                    LOGGER.warn("Relay refused a peer whose certificate subject is not an operator of the destination domain on the trust list");
                    throw new CertificateException("the peer's certificate is not that of an operator of the destination domain on the trust list");
                }
                return;
            }
            // A connection not made by remote delivery (no domain known): any listed operator.
            if (!trustList.isListedOperator(peer.getSubjectX500Principal())) {
                LOGGER.warn("Relay refused a peer whose certificate subject is not an operator of the trust list");
                throw new CertificateException("the peer's certificate is not that of an operator of the trust list");
            }
        }

        /**
         * The peer of an established session judged again, as after a full handshake but for the path check
         * already made when the session was opened: its certificates still within their validity, its subject an
         * operator of the destination on the list in force, its chain not revoked by the CRLs in force.
         */
        void checkPeerAgain(SSLSession session) throws CertificateException {
            Certificate[] peer;
            try {
                peer = session.getPeerCertificates();
            } catch (SSLPeerUnverifiedException e) {
                throw new CertificateException("the peer presented no certificate");
            }
            if (peer.length == 0 || !Arrays.stream(peer).allMatch(X509Certificate.class::isInstance)) {
                throw new CertificateException("the peer presented no X.509 certificate chain");
            }
            X509Certificate[] chain = Arrays.copyOf(peer, peer.length, X509Certificate[].class);
            for (X509Certificate certificate : chain) {
                certificate.checkValidity();
            }
            checkListed(chain[0]);
            checkNotRevoked(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }
    }
}
