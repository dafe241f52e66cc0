package org.santegateway.server.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.MimeMessage;
import javax.net.ssl.SSLSocketFactory;

import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.TestTls;

/**
 * Load client of the side-by-side benchmark ({@code bench/run}), usable on its own against any
 * SMTP server: SESSIONS authenticated submission sessions (STARTTLS required, then AUTH, server
 * certificate checked against CA) send MESSAGES messages of about SIZE bytes in all to one mailbox.
 * It measures
 * <ul>
 *     <li>the accept rate: messages over the time until the last {@code 250} after DATA;</li>
 *     <li>the end-to-end rate: messages over the time until the mailbox holds them all, polled with
 *     IMAP STATUS over IMAPS ({@code --imaps-port}) or by counting the files of a Maildir
 *     ({@code --maildir});</li>
 *     <li>the server's CPU per message over the same time, from {@code /proc} for the given
 *     process ids and all their descendants ({@link ProcessTreeCpu}), with the part of it the
 *     mailbox polls cost (estimated from more polls once everything is delivered).</li>
 * </ul>
 * The envelope sender and the From header are the authenticated user. Not a test: run by hand or by
 * {@code bench/run}; the last line ({@code RESULT key=value ...}) is for scripts.
 *
 * <pre>
 * java -cp gateway/target/test-classes:gateway/target/classes:'gateway/target/lib/*' \
 *     org.santegateway.server.bench.SmtpLoadBenchmark --smtp-port 10587 --imaps-port 10993 \
 *     --ca data/certs/test-ca.pem --user a@example.org --password secret --recipient b@example.org \
 *     [--sessions 4] [--messages 400] [--size 10240] [--pid PID,...] [--clk-tck 100] [--poll-ms 200]
 * </pre>
 * <p>{@code --smtp-port} may list several ports (nodes sharing one database): session {@code i} uses port
 * {@code i mod n}.</p>
 */
public final class SmtpLoadBenchmark {
    private static final Set<String> OPTIONS = Set.of("smtp-port", "imaps-port", "maildir", "ca", "user", "password",
        "recipient", "sessions", "messages", "size", "pid", "clk-tck", "poll-ms", "timeout-s");
    private static final int POLL_SAMPLES = 20;

    private SmtpLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        // Several ports (nodes behind no load balancer): the sessions are spread over them in turn.
        List<Integer> smtpPorts = new ArrayList<>();
        for (String port : required(options, "smtp-port").split(",")) {
            smtpPorts.add(Integer.parseInt(port.trim()));
        }
        SSLSocketFactory tls = TestTls.socketFactory(Path.of(required(options, "ca")));
        String user = required(options, "user");
        String password = required(options, "password");
        String recipient = required(options, "recipient");
        int sessions = Integer.parseInt(options.getOrDefault("sessions", "4"));
        int messages = Integer.parseInt(options.getOrDefault("messages", "400"));
        int size = Integer.parseInt(options.getOrDefault("size", "10240"));
        long pollMillis = Long.parseLong(options.getOrDefault("poll-ms", "200"));
        long timeoutNanos = Long.parseLong(options.getOrDefault("timeout-s", "600")) * 1_000_000_000L;
        List<Long> pids = new ArrayList<>();
        if (options.containsKey("pid")) {
            for (String pid : options.get("pid").split(",")) {
                pids.add(Long.parseLong(pid.trim()));
            }
        }
        ProcessTreeCpu cpu = new ProcessTreeCpu(pids, Long.parseLong(options.getOrDefault("clk-tck", "100")));

        try (DeliveredCount delivered = options.containsKey("maildir")
            ? DeliveredCount.maildir(Path.of(options.get("maildir")))
            : DeliveredCount.imapStatus(tls, Integer.parseInt(required(options, "imaps-port")), recipient, password)) {
            int before = delivered.count();
            String text = body(size);
            MailClients clients = new MailClients(tls);

            long cpuBefore = cpu.millis();
            long start = System.nanoTime();
            ExecutorService executor = Executors.newFixedThreadPool(sessions);
            List<Future<?>> futures = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                int session = s;
                int smtpPort = smtpPorts.get(s % smtpPorts.size());
                int share = messages / sessions + (s < messages % sessions ? 1 : 0);
                futures.add(executor.submit(() -> {
                    send(tls, smtpPort, user, password, clients, recipient, text, session, share);
                    return null;
                }));
            }
            try {
                for (Future<?> future : futures) {
                    future.get();
                }
            } finally {
                executor.shutdownNow();
            }
            long accepted = System.nanoTime();
            int count = delivered.count();
            int polls = 1;
            while (count < before + messages) {
                if (System.nanoTime() - start > timeoutNanos) {
                    throw new IllegalStateException("only " + (count - before) + " of " + messages + " messages delivered after "
                        + timeoutNanos / 1_000_000_000L + " s");
                }
                // A benchmark, not a test: the mailbox is polled at a fixed interval, the error on the end-to-end time is at most one interval.
                Thread.sleep(pollMillis);
                count = delivered.count();
                polls++;
            }
            long done = System.nanoTime();
            long cpuMillis = cpu.millis() - cpuBefore;
            // What the polls cost the server, part of cpuMillis: measured on POLL_SAMPLES more polls once all is delivered.
            long pollCpuBefore = cpu.millis();
            for (int i = 0; i < POLL_SAMPLES; i++) {
                delivered.count();
            }
            double pollCpuMillis = (double) (cpu.millis() - pollCpuBefore) / POLL_SAMPLES * polls;

            double acceptSeconds = (accepted - start) / 1e9;
            double deliverSeconds = (done - start) / 1e9;
            System.out.printf(Locale.ROOT, "%d messages of %d bytes over %d sessions: accepted in %.1f s (%.1f msg/s), in the mailbox in %.1f s (%.1f msg/s)%s%n",
                messages, size, sessions, acceptSeconds, messages / acceptSeconds, deliverSeconds, messages / deliverSeconds,
                pids.isEmpty() ? "" : String.format(Locale.ROOT, ", server CPU %.2f ms/msg (%d mailbox polls: about %.2f ms/msg of it)",
                    (double) cpuMillis / messages, polls, pollCpuMillis / messages));
            System.out.printf(Locale.ROOT, "RESULT messages=%d size=%d sessions=%d accept_s=%.3f delivered_s=%.3f accept_rate=%.2f e2e_rate=%.2f cpu_ms=%d cpu_ms_per_msg=%.3f polls=%d poll_cpu_ms=%.0f%n",
                messages, size, sessions, acceptSeconds, deliverSeconds, messages / acceptSeconds, messages / deliverSeconds,
                cpuMillis, pids.isEmpty() ? Double.NaN : (double) cpuMillis / messages, polls, pollCpuMillis);
        }
    }

    private static void send(SSLSocketFactory tls, int port, String user, String password, MailClients clients,
                             String recipient, String text, int session, int count) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.starttls.required", "true");
        properties.put("mail.smtp.auth", "true");
        properties.put("mail.smtp.from", user);
        properties.put("mail.smtp.ssl.socketFactory", tls);
        properties.put("mail.smtp.ssl.checkserveridentity", "true");
        try (Transport transport = Session.getInstance(properties).getTransport("smtp")) {
            transport.connect("localhost", port, user, password);
            for (int i = 0; i < count; i++) {
                MimeMessage message = clients.newMessage(user, recipient, "load " + session + "-" + i, text);
                message.saveChanges();
                transport.sendMessage(message, message.getAllRecipients());
            }
        }
    }

    /** A plain-text body of 76-character lines making the whole message about {@code size} bytes (headers are about 400). */
    private static String body(int size) {
        String line = "x".repeat(76) + "\r\n";
        return line.repeat(Math.max(1, (size - 400) / line.length()));
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'");
            }
            String name = args[i].substring(2);
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + OPTIONS);
            }
            options.put(name, args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }
}
