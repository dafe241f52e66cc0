package org.santegateway.server.relay;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.SocketFactory;

/**
 * The plain sockets remote delivery opens (before STARTTLS), named in mailetcontainer.xml as
 * {@code <mail.smtp.socketFactory.class>}: at most {@value #KEY} connections at a time to one server (address and
 * port), the others wait for a free slot.
 *
 * <p>James 3.8's remote delivery ignores its {@code deliveryThreads} setting: it delivers on up to ten threads per
 * core, each with a connection of its own, all to the same server when the mail goes to one operator. Servers limit
 * the connections of one client address (this gateway's operators' port: 20), and close a connection past the limit
 * before the greeting; remote delivery takes that for a temporary failure and tries that mail again a minute later.
 * Two gateways relaying to each other hit it under load (the secure relay benchmark: 4 of 400 mails a minute late,
 * each time the peer had closed a connection right after accepting it).</p>
 *
 * <p>JavaMail only takes a class name and calls its static {@code getDefault()}: the limit is set once at start
 * ({@link RelayConnections}). A slot is taken when the socket connects and given back when it closes (JavaMail closes
 * the plain socket through the TLS socket layered on it, or directly on a failure); a connection that cannot have a
 * slot within {@link #WAIT} fails as a connection failure would, and the mail is tried again later.</p>
 */
public final class ServerConnectionSlots extends SocketFactory {
    public static final String KEY = "relay.max.connections.per.server";
    public static final int DEFAULT = 10;
    static final long WAIT = TimeUnit.MINUTES.toMillis(2);

    private static final ServerConnectionSlots INSTANCE = new ServerConnectionSlots();
    private static volatile int perServer = DEFAULT;

    private final Map<String, Semaphore> servers = new ConcurrentHashMap<>();

    static void install(int connectionsPerServer) {
        if (connectionsPerServer < 1) {
            throw new IllegalArgumentException("at least one connection per server");
        }
        perServer = connectionsPerServer;
        INSTANCE.servers.clear();
    }

    /** Called by JavaMail. */
    public static SocketFactory getDefault() {
        return INSTANCE;
    }

    /** Connections open now, or waiting for their TCP handshake, to that server. */
    static int inUse(InetSocketAddress server) {
        Semaphore slots = INSTANCE.servers.get(key(server));
        return slots == null ? 0 : perServer - slots.availablePermits();
    }

    /** Connections waiting for a slot to that server. */
    static int waiting(InetSocketAddress server) {
        Semaphore slots = INSTANCE.servers.get(key(server));
        return slots == null ? 0 : slots.getQueueLength();
    }

    @Override
    public Socket createSocket() {
        return new SlotSocket(this);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(InetSocketAddress server, InetSocketAddress... local) throws IOException {
        Socket socket = createSocket();
        try {
            if (local.length > 0) {
                socket.bind(local[0]);
            }
            socket.connect(server);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private Semaphore slots(InetSocketAddress server) {
        return servers.computeIfAbsent(key(server), any -> new Semaphore(perServer, true));
    }

    private static String key(InetSocketAddress server) {
        String host = server.getAddress() != null ? server.getAddress().getHostAddress() : server.getHostString();
        return host + ":" + server.getPort();
    }

    /** A socket holding one of its server's slots from its connection to its close. */
    private static final class SlotSocket extends Socket {
        private final ServerConnectionSlots factory;
        private final AtomicReference<Semaphore> held = new AtomicReference<>();

        SlotSocket(ServerConnectionSlots factory) {
            this.factory = factory;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress server)) {
                throw new IllegalArgumentException("an IP socket address is needed");
            }
            Semaphore slots = factory.slots(server);
            try {
                if (!slots.tryAcquire(WAIT, TimeUnit.MILLISECONDS)) {
                    throw new IOException("no free connection to " + key(server) + " after " + WAIT / 1000
                        + " s: " + perServer + " connections already open to it (" + KEY + ")");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a connection to " + key(server));
            }
            if (!held.compareAndSet(null, slots)) {
                slots.release();
                throw new IOException("already connected");
            }
            try {
                super.connect(endpoint, timeout);
            } catch (IOException | RuntimeException e) {
                giveBack();
                throw e;
            }
        }

        @Override
        public synchronized void close() throws IOException {
            try {
                super.close();
            } finally {
                giveBack();
            }
        }

        private void giveBack() {
            Semaphore slots = held.getAndSet(null);
            if (slots != null) {
                slots.release();
            }
        }
    }
}
