package org.santegateway.server.logging;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.security.GeneralSecurityException;
import java.util.Locale;

import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;

/**
 * What clients do wrong at the transport level on one listener: a TLS handshake that fails (old
 * protocol, no common cipher, missing or untrusted certificate, plain text on a TLS port, reset,
 * timeout) or a connection the client drops. Anyone can cause these at will, so they are one
 * INFO or DEBUG line each (listener, client IP, reason; never the exception's text, which may
 * carry a certificate subject) and a count by reason:
 * {@value #HANDSHAKE_FAILURES}{@code {listener,reason}} and
 * {@value #DROPPED}{@code {listener,reason}}. ERROR stays for the gateway's own faults.
 */
public final class PeerFailures {
    public static final String HANDSHAKE_FAILURES = "gateway.tls.handshake.failures";
    public static final String DROPPED = "gateway.connections.dropped";
    private static final Logger LOGGER = LoggerFactory.getLogger(PeerFailures.class);

    /** Why a handshake failed or a connection was dropped, as the metric's {@code reason} tag. */
    public enum Reason {
        PROTOCOL, CIPHER, CERTIFICATE, NOT_TLS, RESET, CLOSED, TIMEOUT, OTHER;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Scanners, health checks and impatient clients: not worth a line at INFO. */
        boolean isRoutine() {
            return this == RESET || this == CLOSED;
        }
    }

    private final String listener;
    private final MeterRegistry registry;

    public PeerFailures(String listener, MeterRegistry registry) {
        this.listener = listener;
        this.registry = registry;
    }

    /**
     * Whether a failure that reached the end of a connection's pipeline comes from the client
     * rather than from the gateway: a TLS failure (Netty's SslHandler wraps it in a
     * DecoderException), or an I/O error of the socket itself (fired as is by the transport; an
     * I/O error of a decoder, such as James's IMAP literal written to a file, comes wrapped and
     * stays James's to log). The protocol's own handlers catch their exceptions before.
     */
    public static boolean isCausedByClient(Throwable failure) {
        if (failure instanceof IOException) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    public static Reason classify(Throwable failure) {
        SSLException tls = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SslHandshakeTimeoutException) {
                return Reason.TIMEOUT;
            }
            if (cause instanceof NotSslRecordException) {
                return Reason.NOT_TLS;
            }
            if (cause instanceof GeneralSecurityException) {
                // CertificateException, CertPathValidatorException... under the SSLException.
                return Reason.CERTIFICATE;
            }
            if (cause instanceof ClosedChannelException) {
                return Reason.CLOSED;
            }
            if (cause instanceof SSLException exception) {
                tls = tls == null ? exception : tls;
            } else if (cause instanceof IOException) {
                // The socket's own error, also under Netty's "failure when writing TLS control frames".
                return Reason.RESET;
            }
        }
        if (tls != null) {
            return classifyTls(String.valueOf(tls.getMessage()).toLowerCase(Locale.ROOT));
        }
        return Reason.OTHER;
    }

    /** The JDK's SSLEngine says why only in its messages, and their wording is stable enough. */
    private static Reason classifyTls(String message) {
        if (message.contains("certificate")) {
            return Reason.CERTIFICATE;
        }
        if (message.contains("protocol")) {
            return Reason.PROTOCOL;
        }
        if (message.contains("cipher") || message.contains("insufficient_security")) {
            return Reason.CIPHER;
        }
        return Reason.OTHER;
    }

    public void handshakeFailed(SocketAddress client, Throwable failure) {
        Reason reason = classify(failure);
        count(HANDSHAKE_FAILURES, reason);
        if (reason.isRoutine()) {
            LOGGER.debug("TLS handshake failed on {} from {}: {}", listener, ip(client), reason.tag());
        } else {
            LOGGER.info("TLS handshake failed on {} from {}: {}", listener, ip(client), reason.tag());
        }
    }

    public void dropped(SocketAddress client, Throwable failure) {
        Reason reason = classify(failure);
        count(DROPPED, reason);
        LOGGER.debug("Connection on {} from {} dropped: {}", listener, ip(client), reason.tag());
    }

    private void count(String name, Reason reason) {
        Counter.builder(name)
            .tag("listener", listener)
            .tag("reason", reason.tag())
            .register(registry)
            .increment();
    }

    private static String ip(SocketAddress client) {
        if (client instanceof InetSocketAddress address && address.getAddress() != null) {
            return address.getAddress().getHostAddress();
        }
        return String.valueOf(client);
    }
}
