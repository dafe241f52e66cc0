package org.santegateway.server.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** A bare IMAPS session for what Jakarta Mail hides: IDLE and the untagged responses it brings. */
final class RawImap implements AutoCloseable {
    private static final Pattern EXISTS = Pattern.compile("^\\* (\\d+) EXISTS", Pattern.CASE_INSENSITIVE);

    private final SSLSocket socket;
    private final BufferedReader input;
    private final OutputStream output;
    private int tags;

    private RawImap(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.input = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.output = socket.getOutputStream();
    }

    static RawImap login(int imapsPort, SSLSocketFactory tls, String user) throws IOException {
        SSLSocket socket = (SSLSocket) tls.createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", imapsPort), 5000);
        socket.setSoTimeout(15000);
        socket.startHandshake();
        RawImap imap = new RawImap(socket);
        imap.input.readLine();
        imap.command("LOGIN \"" + user + "\" \"" + TwoNodesIntegrationTest.PASSWORD + "\"");
        return imap;
    }

    /** Selects the mailbox; returns its EXISTS count. */
    long select(String mailbox) throws IOException {
        long exists = -1;
        for (String line : command("SELECT " + mailbox)) {
            Matcher matcher = EXISTS.matcher(line);
            if (matcher.find()) {
                exists = Long.parseLong(matcher.group(1));
            }
        }
        return exists;
    }

    /** Sends IDLE and waits for the server's continuation. */
    void idle() throws IOException {
        write("i" + (++tags) + " IDLE");
        String line;
        do {
            line = input.readLine();
            if (line == null) {
                throw new IOException("connection closed before IDLE was accepted");
            }
        } while (!line.startsWith("+"));
    }

    /** Reads what the server pushes during IDLE until an EXISTS above {@code exists}, at most {@code wait}. */
    long awaitExistsAbove(long exists, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
            String line;
            try {
                line = input.readLine();
            } catch (SocketTimeoutException e) {
                break;
            }
            if (line == null) {
                throw new IOException("connection closed during IDLE");
            }
            Matcher matcher = EXISTS.matcher(line);
            if (matcher.find() && Long.parseLong(matcher.group(1)) > exists) {
                return Long.parseLong(matcher.group(1));
            }
        }
        return exists;
    }

    /** Sends a command and reads up to its tagged answer, which must be OK; returns the untagged lines. */
    List<String> command(String command) throws IOException {
        String tag = "a" + (++tags);
        write(tag + " " + command);
        List<String> untagged = new ArrayList<>();
        while (true) {
            String line = input.readLine();
            if (line == null) {
                throw new IOException("connection closed during " + command.split(" ")[0]);
            }
            if (line.startsWith(tag + " ")) {
                if (!line.startsWith(tag + " OK")) {
                    throw new IOException(command.split(" ")[0] + " failed: " + line);
                }
                return untagged;
            }
            untagged.add(line);
        }
    }

    private void write(String line) throws IOException {
        output.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        output.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
