package org.santegateway.server.testing;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Folder;
import javax.mail.Header;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Store;
import javax.net.ssl.SSLSocketFactory;

/** Reads INBOX over IMAPS as a mail client would, for what {@link MailClients} does not give (Message-ID, headers, body). */
public final class Mailboxes {
    private final SSLSocketFactory tls;

    public Mailboxes(SSLSocketFactory tls) {
        this.tls = tls;
    }

    /** A message as read: subject, Message-ID, text, and every header (name in lower case, values in order). */
    public record Received(String subject, String messageId, String body, Map<String, List<String>> headers) {
        /** The values of a header, joined by {@code " | "}; empty when absent. */
        public String header(String name) {
            return String.join(" | ", headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
        }
    }

    /** The messages of INBOX (read again when a delivery races with the read: see {@link MailClients#selectingAgainOnARace}). */
    public List<Received> inbox(int imapsPort, String user, String password) throws Exception {
        return MailClients.selectingAgainOnARace(() -> read(imapsPort, user, password));
    }

    private List<Received> read(int imapsPort, String user, String password) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.imaps.ssl.socketFactory", tls);
        properties.put("mail.imaps.ssl.checkserveridentity", "true");
        properties.put("mail.imaps.connectiontimeout", "10000");
        properties.put("mail.imaps.timeout", "30000");
        try (Store store = Session.getInstance(properties).getStore("imaps")) {
            store.connect("localhost", imapsPort, user, password);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                List<Received> messages = new ArrayList<>();
                for (Message message : inbox.getMessages()) {
                    String[] id = message.getHeader("Message-ID");
                    messages.add(new Received(message.getSubject(), id == null ? null : id[0], text(message), headers(message)));
                }
                return messages;
            } finally {
                inbox.close(false);
            }
        }
    }

    public Optional<Received> find(int imapsPort, String user, String password, String subject) throws Exception {
        return inbox(imapsPort, user, password).stream().filter(message -> subject.equals(message.subject())).findFirst();
    }

    private static Map<String, List<String>> headers(Message message) throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Enumeration<Header> all = message.getAllHeaders(); all.hasMoreElements(); ) {
            Header header = all.nextElement();
            headers.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), name -> new ArrayList<>()).add(header.getValue());
        }
        return headers;
    }

    private static String text(Message message) throws Exception {
        Object content = message.getContent();
        if (content instanceof String text) {
            return text;
        }
        if (content instanceof javax.mail.Multipart multipart) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                Object part = multipart.getBodyPart(i).getContent();
                if (part instanceof String value) {
                    text.append(value).append('\n');
                }
            }
            return text.toString();
        }
        return "";
    }
}
