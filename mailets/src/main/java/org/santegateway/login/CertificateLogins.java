package org.santegateway.login;

import java.net.InetAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Logins of application mailboxes with the TLS client certificate of their software (SASL EXTERNAL, RFC 4422
 * appendix A), on the listeners that ask for one. The TLS layer has checked the chain against the trust anchors;
 * this adds what it cannot know: the certificate revocation lists, the binding of the certificate to the mailbox,
 * and the state of the certified application the mailbox belongs to.
 */
public interface CertificateLogins {
    /** What became of a certificate login. */
    enum Outcome {
        /** The certificate is bound to {@link Result#mailbox()}, whose application is referenced. */
        SUCCESS,
        /** The session has no client certificate. */
        NO_CERTIFICATE,
        /** The certificate, or a CA certificate of its chain, is revoked, or does not validate. */
        REVOKED,
        /** The revocation status cannot be known now (no current CRL of its issuer): try again later. */
        REVOCATION_UNKNOWN,
        /** No active application mailbox is bound to this certificate (or not the one asked for, or several and none asked). */
        NOT_BOUND,
        /** The application of the mailbox is suspended or withdrawn from the catalogue. */
        APPLICATION_NOT_REFERENCED
    }

    /** The outcome and, on success, the mailbox (an address) the session is logged in to. */
    record Result(Outcome outcome, Optional<String> mailbox) {
        public static Result of(Outcome outcome) {
            return new Result(outcome, Optional.empty());
        }

        public static Result success(String mailbox) {
            return new Result(Outcome.SUCCESS, Optional.of(mailbox));
        }
    }

    /** No application logins: every attempt is {@link Outcome#NOT_BOUND}, and no mailbox is certificate-only. */
    CertificateLogins NONE = new CertificateLogins() {
        @Override
        public Result attempt(String protocol, List<X509Certificate> chain, Optional<String> authzid, InetAddress client) {
            return Result.of(chain.isEmpty() ? Outcome.NO_CERTIFICATE : Outcome.NOT_BOUND);
        }

        @Override
        public boolean stillAllowed(String mailbox, X509Certificate certificate) {
            return false;
        }

        @Override
        public boolean certificateOnly(String mailbox) {
            return false;
        }
    };

    /**
     * Checks a login.
     *
     * @param protocol the protocol, for the audit trail and the metrics ({@code smtp}, {@code imap})
     * @param chain    the client's certificate chain as TLS presented it, leaf first (empty: none)
     * @param authzid  the mailbox asked for (the SASL authorization identity), when given
     * @param client   the client's address
     */
    Result attempt(String protocol, List<X509Certificate> chain, Optional<String> authzid, InetAddress client);

    /** Whether a session logged in with this certificate may go on: still bound, mailbox active, application referenced. */
    boolean stillAllowed(String mailbox, X509Certificate certificate);

    /** Whether the mailbox signs in with a certificate only (an application mailbox): no password login opens it. */
    boolean certificateOnly(String mailbox);

    /** The chain the client presented in the TLS handshake, leaf first; empty without TLS or certificate. */
    static List<X509Certificate> peerChain(Optional<SSLSession> ssl) {
        if (ssl.isEmpty()) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : ssl.get().getPeerCertificates()) {
                if (!(certificate instanceof X509Certificate x509)) {
                    return List.of();
                }
                chain.add(x509);
            }
            return List.copyOf(chain);
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }
}
