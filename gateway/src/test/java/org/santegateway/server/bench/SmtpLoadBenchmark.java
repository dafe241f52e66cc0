package org.santegateway.server.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.mail.Folder;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.Transport;
import javax.mail.internet.MimeMessage;
import javax.net.ssl.SSLSocketFactory;

import org.santegateway.server.testing.MailClients;
import org.santegateway.server.testing.TestTls;

/**
 * Load client for the throughput figure of the server issue: THREADS authenticated SMTP sessions
 * (STARTTLS + AUTH) each send MESSAGES messages of SIZE bytes to one local mailbox; prints the
 * acceptance rate and the delivery rate (until the mailbox, read over IMAPS, holds them all).
 * Not a test: run it by hand against a running gateway.
 *
 * <pre>
 * java -cp ... org.santegateway.server.bench.SmtpLoadBenchmark SMTP_PORT IMAPS_PORT CA_PEM SENDER RECIPIENT PASSWORD [THREADS MESSAGES SIZE]
 * </pre>
 */
public final class SmtpLoadBenchmark {
    public static void main(String[] args) throws Exception {
        int smtpPort = Integer.parseInt(args[0]);
        int imapsPort = Integer.parseInt(args[1]);
        SSLSocketFactory tls = TestTls.socketFactory(Path.of(args[2]));
        String sender = args[3];
        String recipient = args[4];
        String password = args[5];
        int threads = args.length > 6 ? Integer.parseInt(args[6]) : 4;
        int messages = args.length > 7 ? Integer.parseInt(args[7]) : 500;
        int size = args.length > 8 ? Integer.parseInt(args[8]) : 10_240;

        MailClients clients = new MailClients(tls);
        int before = inboxCount(tls, imapsPort, recipient, password);
        String body = "x".repeat(76) + "\r\n";
        String text = body.repeat(Math.max(1, size / body.length()));

        long start = System.nanoTime();
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(executor.submit(() -> {
                Properties properties = new Properties();
                properties.put("mail.smtp.starttls.enable", "true");
                properties.put("mail.smtp.starttls.required", "true");
                properties.put("mail.smtp.auth", "true");
                properties.put("mail.smtp.from", sender);
                properties.put("mail.smtp.ssl.socketFactory", tls);
                try (Transport transport = Session.getInstance(properties).getTransport("smtp")) {
                    transport.connect("localhost", smtpPort, sender, password);
                    for (int i = 0; i < messages; i++) {
                        MimeMessage message = clients.newMessage(sender, recipient, "load " + thread + "-" + i, text);
                        message.saveChanges();
                        transport.sendMessage(message, message.getAllRecipients());
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        executor.shutdown();
        long accepted = System.nanoTime();
        int total = threads * messages;
        Properties imap = new Properties();
        imap.put("mail.imaps.ssl.socketFactory", tls);
        try (Store store = Session.getInstance(imap).getStore("imaps")) {
            store.connect("localhost", imapsPort, recipient, password);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            // A benchmark, not a test: poll the open mailbox every 500 ms (a poll costs the server a scan of the mailbox).
            while (inbox.getMessageCount() < before + total) {
                Thread.sleep(500);
            }
            inbox.close(false);
        }
        long delivered = System.nanoTime();
        System.out.printf("%d messages of %d bytes over %d sessions: accepted in %.1f s (%.1f msg/s), delivered in %.1f s (%.1f msg/s)%n",
            total, size, threads, (accepted - start) / 1e9, total / ((accepted - start) / 1e9),
            (delivered - start) / 1e9, total / ((delivered - start) / 1e9));
    }

    private static int inboxCount(SSLSocketFactory tls, int port, String user, String password) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.imaps.ssl.socketFactory", tls);
        try (Store store = Session.getInstance(properties).getStore("imaps")) {
            store.connect("localhost", port, user, password);
            Folder inbox = store.getFolder("INBOX");
            return inbox.getMessageCount();
        }
    }
}
