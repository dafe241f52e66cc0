package org.santegateway.server.relay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Objects;
import java.util.function.Supplier;

import javax.net.SocketFactory;
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
 * <p>Each socket comes from a factory of its own ({@link OperatorTlsClient#connections}): no TLS session is resumed
 * from one connection to the next.</p>
 */
public final class OperatorTlsSocketFactory extends SSLSocketFactory {
    private static volatile Supplier<SSLSocketFactory> installed;

    private final Supplier<SSLSocketFactory> connections;

    private OperatorTlsSocketFactory(Supplier<SSLSocketFactory> connections) {
        this.connections = connections;
    }

    static void install(Supplier<SSLSocketFactory> connections) {
        installed = Objects.requireNonNull(connections, "connections");
    }

    /** Called by JavaMail. */
    public static SocketFactory getDefault() {
        Supplier<SSLSocketFactory> connections = installed;
        if (connections == null) {
            throw new IllegalStateException("The operator TLS client is not installed: the gateway has not started");
        }
        return new OperatorTlsSocketFactory(connections);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return connections.get().getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return connections.get().getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return connections.get().createSocket(socket, host, port, autoClose);
    }

    @Override
    public Socket createSocket() throws IOException {
        return connections.get().createSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connections.get().createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connections.get().createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connections.get().createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connections.get().createSocket(address, port, localAddress, localPort);
    }
}
