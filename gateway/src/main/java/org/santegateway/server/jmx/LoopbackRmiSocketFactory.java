package org.santegateway.server.jmx;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.rmi.server.RMISocketFactory;

/**
 * Makes every RMI server socket of the process listen on loopback only. James binds the JMX
 * registry to the configured address, but the RMI object the CLI talks to after the registry
 * lookup is exported on an anonymous port on all interfaces; RMI uses this process-wide factory for
 * exports that name none, which closes that port to the network.
 */
public final class LoopbackRmiSocketFactory extends RMISocketFactory {
    private static final int BACKLOG = 50;

    /** Installs the factory once per process (RMI allows a single global factory). */
    public static synchronized void install() throws IOException {
        RMISocketFactory current = RMISocketFactory.getSocketFactory();
        if (current instanceof LoopbackRmiSocketFactory) {
            return;
        }
        if (current != null) {
            throw new IllegalStateException("Another RMI socket factory is installed: " + current.getClass().getName());
        }
        RMISocketFactory.setSocketFactory(new LoopbackRmiSocketFactory());
    }

    private LoopbackRmiSocketFactory() {
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return new Socket(host, port);
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return new ServerSocket(port, BACKLOG, InetAddress.getLoopbackAddress());
    }
}
