package org.santegateway.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A line-level SMTP client for protocol tests: sends commands as written and returns the server's
 * complete (multi-line) reply, so that tests can assert on exact reply codes.
 */
public final class SmtpDialog implements AutoCloseable {
    private Socket socket;
    private BufferedReader reader;
    private OutputStream writer;

    private SmtpDialog(Socket socket) throws IOException {
        attach(socket);
    }

    public static SmtpDialog connect(int port) throws IOException {
        return connect(port, "127.0.0.1");
    }

    /**
     * Connects from the given loopback address ({@code 127.0.0.2}...), so that the gateway sees
     * another client than the other tests.
     */
    public static SmtpDialog connect(int port, String sourceAddress) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(sourceAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(15000);
        return new SmtpDialog(socket);
    }

    public static SmtpDialog connectTls(int port, SSLSocketFactory factory) throws IOException {
        return connectTls(port, factory, "127.0.0.1");
    }

    public static SmtpDialog connectTls(int port, SSLSocketFactory factory, String sourceAddress) throws IOException {
        SSLSocket socket = (SSLSocket) factory.createSocket();
        socket.bind(new InetSocketAddress(sourceAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(15000);
        socket.startHandshake();
        return new SmtpDialog(socket);
    }

    private void attach(Socket socket) throws IOException {
        this.socket = socket;
        this.reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        this.writer = socket.getOutputStream();
    }

    /** Reads the greeting or any pending reply. */
    public String read() throws IOException {
        StringBuilder reply = new StringBuilder();
        String line;
        do {
            line = reader.readLine();
            if (line == null) {
                throw new IOException("Connection closed; got so far: " + reply);
            }
            reply.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        return reply.toString();
    }

    /** Sends lines without reading any reply (a message body, pipelined commands). */
    public void write(String lines) throws IOException {
        writer.write(lines.getBytes(StandardCharsets.US_ASCII));
        writer.flush();
    }

    public String send(String command) throws IOException {
        writer.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        writer.flush();
        return read();
    }

    /** Issues STARTTLS and upgrades the connection; returns the reply to STARTTLS. */
    public String startTls(SSLSocketFactory factory) throws IOException {
        String reply = send("STARTTLS");
        if (!reply.startsWith("220")) {
            return reply;
        }
        SSLSocket tls = (SSLSocket) factory.createSocket(socket, "127.0.0.1", socket.getPort(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        attach(tls);
        return reply;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
