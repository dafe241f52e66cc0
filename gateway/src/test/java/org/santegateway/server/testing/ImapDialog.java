package org.santegateway.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A line-level IMAP client for protocol tests: sends tagged commands as written (APPEND with a synchronising
 * literal) and returns the untagged lines and the tagged status line of each, with how long the command took.
 *
 * <p>It keeps what the server told the session about the selected mailbox (EXISTS, EXPUNGE) and records every
 * untagged response naming a message sequence number the session was never told about
 * ({@link #unknownSequenceNumbers()}).</p>
 */
public final class ImapDialog implements AutoCloseable {
    private static final Pattern NUMBERED = Pattern.compile("^\\* (\\d+) (EXISTS|EXPUNGE|FETCH|RECENT)\\b.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)}$");

    /** The answer to one command. */
    public record Reply(List<String> untagged, String tagged, Duration duration) {
        public boolean ok() {
            return tagged.split(" ", 3)[1].equals("OK");
        }

        public Optional<String> untaggedStartingWith(String prefix) {
            return untagged.stream().filter(line -> line.startsWith(prefix)).findFirst();
        }

        /** The numbers of the {@code * SEARCH} answer, in the server's order (none when there is no such line). */
        public List<String> searched() {
            return untaggedStartingWith("* SEARCH").stream()
                .flatMap(line -> Arrays.stream(line.substring("* SEARCH".length()).trim().split(" ")))
                .filter(number -> !number.isEmpty())
                .toList();
        }
    }

    private Socket socket;
    private InputStream input;
    private OutputStream output;
    private int tags;
    private long exists;
    private final List<String> unknownSequenceNumbers = new ArrayList<>();

    private ImapDialog(Socket socket) throws IOException {
        attach(socket);
    }

    /** Implicit TLS (the IMAPS port); the greeting is read. */
    public static ImapDialog connectTls(int port, SSLSocketFactory factory) throws IOException {
        SSLSocket socket = (SSLSocket) factory.createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(15000);
        socket.startHandshake();
        ImapDialog dialog = new ImapDialog(socket);
        dialog.readLine();
        return dialog;
    }

    /** The STARTTLS port: greeting, {@code STARTTLS}, then the TLS handshake. */
    public static ImapDialog connectStartTls(int port, SSLSocketFactory factory) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        plain.setSoTimeout(15000);
        ImapDialog dialog = new ImapDialog(plain);
        dialog.readLine();
        Reply startTls = dialog.command("STARTTLS");
        if (!startTls.ok()) {
            throw new IOException("STARTTLS refused: " + startTls.tagged());
        }
        SSLSocket tls = (SSLSocket) factory.createSocket(plain, "127.0.0.1", port, true);
        tls.startHandshake();
        dialog.attach(tls);
        return dialog;
    }

    private void attach(Socket socket) throws IOException {
        this.socket = socket;
        this.input = socket.getInputStream();
        this.output = socket.getOutputStream();
    }

    public Reply command(String command) throws IOException {
        return command(command, null);
    }

    /**
     * Commands sent together in one write, without waiting for any answer (pipelined, RFC 9051 §5.5), then their
     * replies read in order; a reply tagged out of order fails the read.
     */
    public List<Reply> pipelined(String... commands) throws IOException {
        List<String> tagsSent = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (String command : commands) {
            String tag = "t" + (++tags);
            tagsSent.add(tag);
            lines.append(tag).append(' ').append(command).append("\r\n");
        }
        long start = System.nanoTime();
        output.write(lines.toString().getBytes(StandardCharsets.UTF_8));
        output.flush();
        List<Reply> replies = new ArrayList<>();
        List<String> untagged = new ArrayList<>();
        while (replies.size() < tagsSent.size()) {
            String line = readLine();
            if (line.startsWith("*")) {
                untagged.add(line);
                track(line);
            } else if (line.startsWith(tagsSent.get(replies.size()) + " ")) {
                replies.add(new Reply(List.copyOf(untagged), line, Duration.ofNanos(System.nanoTime() - start)));
                untagged.clear();
            } else {
                throw new IOException("answer out of order, waiting for " + tagsSent.get(replies.size()) + ": " + line);
            }
        }
        return replies;
    }

    /** {@code APPEND mailbox {n}} followed by the message once the server asks for it. */
    public Reply append(String mailbox, String message) throws IOException {
        return append(mailbox, "", message);
    }

    /** {@code APPEND mailbox <flags and date> {n}}, e.g. {@code (\Flagged) "14-Feb-2024 09:30:00 +0100"}. */
    public Reply append(String mailbox, String flagsAndDate, String message) throws IOException {
        byte[] literal = message.getBytes(StandardCharsets.UTF_8);
        return command("APPEND " + mailbox + (flagsAndDate.isEmpty() ? "" : " " + flagsAndDate) + " {" + literal.length + "}", literal);
    }

    private Reply command(String command, byte[] literal) throws IOException {
        String tag = "t" + (++tags);
        long start = System.nanoTime();
        send(tag + " " + command);
        List<String> untagged = new ArrayList<>();
        boolean literalSent = literal == null;
        while (true) {
            String line = readLine();
            if (line.startsWith("+") && !literalSent) {
                output.write(literal);
                send("");
                literalSent = true;
            } else if (line.startsWith(tag + " ")) {
                return new Reply(untagged, line, Duration.ofNanos(System.nanoTime() - start));
            } else if (line.startsWith("*")) {
                untagged.add(line);
                track(line);
            }
        }
    }

    /**
     * A SASL exchange (AUTHENTICATE): every continuation the server sends is answered with
     * {@code answer} (base64, possibly empty); the continuation lines are kept among the untagged
     * lines of the reply, in order.
     */
    public Reply sasl(String command, String answer) throws IOException {
        String tag = "t" + (++tags);
        long start = System.nanoTime();
        send(tag + " " + command);
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line.startsWith("+")) {
                lines.add(line);
                send(answer);
            } else if (line.startsWith(tag + " ")) {
                return new Reply(lines, line, Duration.ofNanos(System.nanoTime() - start));
            } else if (line.startsWith("*")) {
                lines.add(line);
            }
        }
    }

    /**
     * Sends {@code LOGOUT} and reads until the server closes the connection: the tagged status line, or empty when
     * the connection closed before it arrived.
     */
    public Optional<String> logout() throws IOException {
        String tag = "t" + (++tags);
        send(tag + " LOGOUT");
        Optional<String> tagged = Optional.empty();
        try {
            while (true) {
                String line = readLine();
                if (line.startsWith(tag + " ")) {
                    tagged = Optional.of(line);
                }
            }
        } catch (IOException closed) {
            return tagged;
        }
    }

    /** Untagged responses that named a sequence number above what the session had been told exists. */
    public List<String> unknownSequenceNumbers() {
        return List.copyOf(unknownSequenceNumbers);
    }

    private void track(String line) {
        Matcher numbered = NUMBERED.matcher(line);
        if (!numbered.matches()) {
            return;
        }
        long number = Long.parseLong(numbered.group(1));
        switch (numbered.group(2).toUpperCase()) {
            case "EXISTS" -> exists = number;
            case "EXPUNGE" -> {
                if (number > exists) {
                    unknownSequenceNumbers.add(line);
                }
                exists--;
            }
            default -> {
                if (number > exists) {
                    unknownSequenceNumbers.add(line);
                }
            }
        }
    }

    /** Bytes written as they are, in one write: commands, literals, or parts of them, as a client pipelines them. */
    public void write(byte[] bytes) throws IOException {
        output.write(bytes);
        output.flush();
    }

    /** The next line the server sends, tagged, untagged or a continuation (a literal at its end read with it). */
    public String nextLine() throws IOException {
        return readLine();
    }

    private void send(String line) throws IOException {
        output.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        output.flush();
    }

    /** One line; a literal at its end ({@code {n}}) is read and kept in the line. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(readRawLine());
        Matcher literal = LITERAL.matcher(line);
        while (literal.find()) {
            line.append(new String(input.readNBytes(Integer.parseInt(literal.group(1))), StandardCharsets.UTF_8));
            line.append(readRawLine());
            literal = LITERAL.matcher(line);
        }
        return line.toString();
    }

    private String readRawLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int next = input.read();
            if (next < 0) {
                throw new IOException("connection closed");
            }
            if (previous == '\r' && next == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(next);
            previous = next;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
