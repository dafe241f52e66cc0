package org.santegateway.server.outside;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Objects;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The TLS socket factory of the path to the outside world (personal notices), named in mailetcontainer.xml as
 * {@code <mail.smtp.ssl.socketFactory.class>} of its RemoteDelivery: JavaMail layers STARTTLS with it. It presents no
 * client certificate (never the operator's) and trusts the JDK's public authorities, or the ones of
 * {@link OutsideSettings#TLS_TRUST}.
 *
 * <p>JavaMail only takes a class name and calls its static {@code getDefault()}: the factory is installed when the
 * gateway starts ({@link OutsideModule}); before, every connection fails.</p>
 */
public final class OutsideTlsSocketFactory extends SSLSocketFactory {
    private static volatile SSLSocketFactory installed;

    private final SSLSocketFactory delegate;

    private OutsideTlsSocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    static void install(SSLSocketFactory factory) {
        installed = Objects.requireNonNull(factory, "factory");
    }

    /** Called by JavaMail. */
    public static SocketFactory getDefault() {
        SSLSocketFactory factory = installed;
        if (factory == null) {
            throw new IllegalStateException("The outside TLS client is not installed: the gateway has not started");
        }
        return new OutsideTlsSocketFactory(factory);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return delegate.createSocket(socket, host, port, autoClose);
    }

    @Override
    public Socket createSocket() throws IOException {
        return delegate.createSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return delegate.createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return delegate.createSocket(address, port, localAddress, localPort);
    }
}
