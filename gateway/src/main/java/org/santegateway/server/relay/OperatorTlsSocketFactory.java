package org.santegateway.server.relay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Objects;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The TLS socket factory James's RemoteDelivery uses to reach other operators, named in
 * mailetcontainer.xml as {@code <mail.smtp.ssl.socketFactory.class>}: JavaMail then layers
 * STARTTLS with it, presenting the gateway's operator certificate and checking the peer's (see
 * {@link OperatorTlsClient}).
 *
 * <p>JavaMail only takes a class name and calls its static {@code getDefault()}: this class is
 * therefore the one place of static state, set by {@link OperatorTlsClient} when the gateway
 * starts: one relaying gateway per JVM (the trust space test runs its second gateway in a process
 * of its own). Before it is installed every connection fails: nothing leaves without the operator
 * certificate.</p>
 *
 * <p>The sockets share one TLS context, so that a connection to a server met before resumes that session (no
 * certificate signature nor path check on either side); each of them is a {@link PeerCheckedSocket}, whose peer is
 * judged again against the destination, the trust list and the CRLs in force once its handshake is over, resumed or
 * not.</p>
 */
public final class OperatorTlsSocketFactory extends SSLSocketFactory {
    private static volatile OperatorTlsSocketFactory installed;

    private final SSLSocketFactory sessions;
    private final PeerCheckedSocket.PeerCheck peerCheck;

    OperatorTlsSocketFactory(SSLSocketFactory sessions, PeerCheckedSocket.PeerCheck peerCheck) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.peerCheck = Objects.requireNonNull(peerCheck, "peerCheck");
    }

    static void install(OperatorTlsSocketFactory factory) {
        installed = Objects.requireNonNull(factory, "factory");
    }

    /** Called by JavaMail. */
    public static SocketFactory getDefault() {
        OperatorTlsSocketFactory factory = installed;
        if (factory == null) {
            throw new IllegalStateException("The operator TLS client is not installed: the gateway has not started");
        }
        return factory;
    }

    private Socket checked(Socket socket) {
        return new PeerCheckedSocket((SSLSocket) socket, peerCheck);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return sessions.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return sessions.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return checked(sessions.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket() throws IOException {
        return checked(sessions.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return checked(sessions.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return checked(sessions.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return checked(sessions.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return checked(sessions.createSocket(address, port, localAddress, localPort));
    }
}
