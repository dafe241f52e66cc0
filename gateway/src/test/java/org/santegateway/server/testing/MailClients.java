package org.santegateway.server.testing;

import java.util.Properties;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.net.ssl.SSLSocketFactory;

/**
 * Jakarta Mail sessions configured as a professional's mail client would be: STARTTLS required
 * (or implicit TLS), server identity checked against the test CA, authentication.
 */
public final class MailClients {
    private final SSLSocketFactory tls;

    public MailClients(SSLSocketFactory tls) {
        this.tls = tls;
    }

    public void sendStartTls(int port, String user, String password, MimeMessage message) throws MessagingException {
        send("smtp", port, user, password, message, true);
    }

    public void sendImplicitTls(int port, String user, String password, MimeMessage message) throws MessagingException {
        send("smtps", port, user, password, message, false);
    }

    private void send(String protocol, int port, String user, String password, MimeMessage message, boolean startTls) throws MessagingException {
        Properties properties = smtpProperties(protocol, port, startTls);
        // The envelope sender is the account, as in a mail client; the From header is the message's.
        properties.put("mail." + protocol + ".from", user);
        Session session = Session.getInstance(properties);
        try (Transport transport = session.getTransport(protocol)) {
            transport.connect("localhost", port, user, password);
            message.saveChanges();
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    /** A mail client's authenticated submission connection over implicit TLS (Jakarta Mail), kept open; to be closed. */
    public Transport smtps(int port, String user, String password) throws MessagingException {
        Properties properties = smtpProperties("smtps", port, false);
        properties.put("mail.smtps.from", user);
        Transport transport = Session.getInstance(properties).getTransport("smtps");
        transport.connect("localhost", port, user, password);
        return transport;
    }

    public MimeMessage newMessage(String from, String to, String subject, String body) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, "UTF-8");
        message.setText(body, "UTF-8");
        return message;
    }

    /** Subjects of the messages in INBOX, read over IMAP with STARTTLS (or IMAPS). */
    public java.util.List<String> inboxSubjects(int port, boolean implicitTls, String user, String password) throws MessagingException {
        try {
            return selectingAgainOnARace(() -> readInboxSubjects(port, implicitTls, user, password));
        } catch (MessagingException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads something from a mailbox the gateway may be delivering to at the same time. */
    public interface MailboxRead<T> {
        T read() throws Exception;
    }

    /**
     * Runs {@code read}, once more (three times at most) when the server answered a FETCH with
     * {@code BAD Invalid messageset} or without the envelope: James 3.8.1 answers so when a message
     * is delivered between the SELECT and the FETCH of a message number it announced; a mail
     * client then selects again.
     */
    public static <T> T selectingAgainOnARace(MailboxRead<T> read) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.read();
            } catch (MessagingException e) {
                boolean race = e.getCause() instanceof com.sun.mail.iap.ProtocolException
                    || String.valueOf(e.getMessage()).contains("Failed to load IMAP envelope");
                if (attempt == 3 || !race) {
                    throw e;
                }
            }
        }
    }

    private java.util.List<String> readInboxSubjects(int port, boolean implicitTls, String user, String password) throws MessagingException {
        String protocol = implicitTls ? "imaps" : "imap";
        Session session = Session.getInstance(imapProperties(protocol, !implicitTls));
        try (Store store = session.getStore(protocol)) {
            store.connect("localhost", port, user, password);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                java.util.List<String> subjects = new java.util.ArrayList<>();
                for (Message message : inbox.getMessages()) {
                    subjects.add(message.getSubject());
                }
                return subjects;
            } finally {
                inbox.close(false);
            }
        }
    }

    /**
     * Message numbers the server answers to {@code SEARCH <criteria>} in INBOX (raw IMAP criteria such as
     * {@code ALL} or {@code SUBJECT word}: the server's own search, not Jakarta Mail's client-side one).
     */
    public java.util.List<Integer> searchInbox(int port, boolean implicitTls, String user, String password, String criteria) throws MessagingException {
        String protocol = implicitTls ? "imaps" : "imap";
        Session session = Session.getInstance(imapProperties(protocol, !implicitTls));
        try (Store store = session.getStore(protocol)) {
            store.connect("localhost", port, user, password);
            com.sun.mail.imap.IMAPFolder inbox = (com.sun.mail.imap.IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                @SuppressWarnings("unchecked")
                java.util.List<Integer> numbers = (java.util.List<Integer>) inbox.doCommand(imap -> {
                    com.sun.mail.iap.Response[] responses = imap.command("SEARCH " + criteria, null);
                    java.util.List<Integer> found = new java.util.ArrayList<>();
                    for (com.sun.mail.iap.Response response : responses) {
                        if (response instanceof com.sun.mail.imap.protocol.IMAPResponse answer && answer.keyEquals("SEARCH")) {
                            for (int number = answer.readNumber(); number != -1; number = answer.readNumber()) {
                                found.add(number);
                            }
                        }
                    }
                    imap.handleResult(responses[responses.length - 1]);
                    return found;
                });
                return numbers;
            } finally {
                inbox.close(false);
            }
        }
    }

    /** Marks the INBOX messages with this subject {@code \Deleted} and expunges them (IMAPS), as a mail client deleting them. */
    public void expungeFromInbox(int port, String user, String password, String subject) throws MessagingException {
        Session session = Session.getInstance(imapProperties("imaps", false));
        try (Store store = session.getStore("imaps")) {
            store.connect("localhost", port, user, password);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            for (Message message : inbox.getMessages()) {
                if (subject.equals(message.getSubject())) {
                    message.setFlag(javax.mail.Flags.Flag.DELETED, true);
                }
            }
            inbox.close(true);
        }
    }

    /** A mail client's connection to the mailboxes of {@code user} over IMAPS (Jakarta Mail), to be closed. */
    public Store imaps(int port, String user, String password) throws MessagingException {
        Store store = Session.getInstance(imapProperties("imaps", false)).getStore("imaps");
        store.connect("localhost", port, user, password);
        return store;
    }

    public void login(int port, String user, String password) throws MessagingException {
        Session session = Session.getInstance(imapProperties("imap", true));
        try (Store store = session.getStore("imap")) {
            store.connect("localhost", port, user, password);
        }
    }

    private Properties smtpProperties(String protocol, int port, boolean startTls) {
        Properties properties = new Properties();
        String prefix = "mail." + protocol + ".";
        properties.put(prefix + "auth", "true");
        properties.put(prefix + "port", String.valueOf(port));
        properties.put(prefix + "ssl.socketFactory", tls);
        properties.put(prefix + "ssl.checkserveridentity", "true");
        properties.put(prefix + "connectiontimeout", "10000");
        properties.put(prefix + "timeout", "30000");
        if (startTls) {
            properties.put(prefix + "starttls.enable", "true");
            properties.put(prefix + "starttls.required", "true");
        }
        return properties;
    }

    private Properties imapProperties(String protocol, boolean startTls) {
        Properties properties = new Properties();
        String prefix = "mail." + protocol + ".";
        properties.put(prefix + "ssl.socketFactory", tls);
        properties.put(prefix + "ssl.checkserveridentity", "true");
        properties.put(prefix + "connectiontimeout", "10000");
        properties.put(prefix + "timeout", "30000");
        if (startTls) {
            properties.put(prefix + "starttls.enable", "true");
            properties.put(prefix + "starttls.required", "true");
        }
        return properties;
    }
}
