package org.santegateway.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.santegateway.server.pki.dev.IssuedCertificate;

/**
 * Another operator's SMTP server as the relay meets it, or a personal mailbox's server on the internet, on
 * loopback: STARTTLS with the given server certificate (no client certificate asked), then accepts any mail (or
 * refuses every recipient, or offers no STARTTLS at all). Records the commands received over TLS and the messages,
 * and counts TLS handshakes that failed, so that a test can tell a peer the relay refused during the handshake from
 * one it delivered to.
 */
public final class TlsSmtpPeer implements AutoCloseable {
    private final ServerSocket server;
    private final SSLContext context;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger startTls = new AtomicInteger();
    private final AtomicInteger failedHandshakes = new AtomicInteger();
    private final AtomicInteger messages = new AtomicInteger();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean refuseRecipients;
    private volatile boolean offerStartTls = true;

    private TlsSmtpPeer(ServerSocket server, SSLContext context) {
        this.server = server;
        this.context = context;
        this.acceptor = new Thread(this::accept, "tls-smtp-peer-" + server.getLocalPort());
        acceptor.setDaemon(true);
    }

    public static TlsSmtpPeer start(IssuedCertificate certificate) throws IOException, GeneralSecurityException {
        char[] password = "in-memory".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", certificate.keyPair().getPrivate(), password, certificate.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        TlsSmtpPeer peer = new TlsSmtpPeer(new ServerSocket(0, 10, InetAddress.getLoopbackAddress()), context);
        peer.acceptor.start();
        return peer;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Commands received after STARTTLS, as sent. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    public int startTlsCount() {
        return startTls.get();
    }

    public int failedHandshakes() {
        return failedHandshakes.get();
    }

    /** Messages whose DATA was received in full. */
    public int messages() {
        return messages.get();
    }

    /** The messages received in full, as sent (headers and body). */
    public List<String> bodies() {
        return List.copyOf(bodies);
    }

    /** From now on, RCPT gets {@code 550 5.1.1} (an address that does not exist there). */
    public TlsSmtpPeer refusingRecipients() {
        refuseRecipients = true;
        return this;
    }

    /** From now on, STARTTLS is neither announced nor accepted: a server that speaks only in clear. */
    public TlsSmtpPeer withoutStartTls() {
        offerStartTls = false;
        return this;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread session = new Thread(() -> serve(socket), "tls-smtp-peer-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket plain) {
        try (Socket socket = plain) {
            socket.setSoTimeout(30_000);
            BufferedReader in = reader(socket);
            OutputStream out = socket.getOutputStream();
            write(out, "220 peer.test ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase(java.util.Locale.ROOT);
                if (!offerStartTls) {
                    commands.add(line);
                }
                if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                    write(out, offerStartTls ? "250-peer.test\r\n250 STARTTLS" : "250-peer.test\r\n250 8BITMIME");
                } else if (command.equals("STARTTLS") && offerStartTls) {
                    write(out, "220 Ready to start TLS");
                    startTls.incrementAndGet();
                    SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
                    tls.setUseClientMode(false);
                    try {
                        tls.startHandshake();
                        serveTls(tls);
                    } catch (IOException e) {
                        failedHandshakes.incrementAndGet();
                    } finally {
                        tls.close();
                    }
                    return;
                } else if (command.equals("QUIT")) {
                    write(out, "221 Bye");
                    return;
                } else if (!offerStartTls && command.startsWith("MAIL")) {
                    write(out, "250 OK");
                } else {
                    write(out, "530 Must issue a STARTTLS command first");
                }
            }
        } catch (IOException e) {
            // The client went away.
        }
    }

    private void serveTls(SSLSocket socket) throws IOException {
        BufferedReader in = reader(socket);
        OutputStream out = socket.getOutputStream();
        String line;
        while ((line = in.readLine()) != null) {
            commands.add(line);
            String command = line.toUpperCase(java.util.Locale.ROOT);
            if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                write(out, "250-peer.test\r\n250 8BITMIME");
            } else if (command.startsWith("RCPT") && refuseRecipients) {
                write(out, "550 5.1.1 No such user here");
            } else if (command.equals("DATA")) {
                write(out, "354 End data with <CR><LF>.<CR><LF>");
                StringBuilder content = new StringBuilder();
                String data;
                while ((data = in.readLine()) != null && !data.equals(".")) {
                    content.append(data.startsWith("..") ? data.substring(1) : data).append("\r\n");
                }
                bodies.add(content.toString());
                messages.incrementAndGet();
                write(out, "250 2.0.0 Queued");
            } else if (command.equals("QUIT")) {
                write(out, "221 Bye");
                return;
            } else {
                write(out, "250 OK");
            }
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
