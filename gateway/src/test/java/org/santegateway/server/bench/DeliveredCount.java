package org.santegateway.server.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import javax.mail.Folder;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;
import javax.net.ssl.SSLSocketFactory;

/** How many messages the benchmark's mailbox holds, as the server's users would see them. */
interface DeliveredCount extends AutoCloseable {
    int count() throws Exception;

    @Override
    void close() throws Exception;

    /**
     * IMAP STATUS (MESSAGES) of INBOX over IMAPS, on one session logged in before the run: the folder
     * is never selected, so each poll costs the server a status query, not a mailbox resync.
     */
    static DeliveredCount imapStatus(SSLSocketFactory tls, int imapsPort, String user, String password) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.imaps.ssl.socketFactory", tls);
        properties.put("mail.imaps.ssl.checkserveridentity", "true");
        Store store = Session.getInstance(properties).getStore("imaps");
        store.connect("localhost", imapsPort, user, password);
        Folder inbox = store.getFolder("INBOX");
        return new DeliveredCount() {
            @Override
            public int count() throws MessagingException {
                return inbox.getMessageCount();
            }

            @Override
            public void close() throws MessagingException {
                store.close();
            }
        };
    }

    /** Files in the {@code new/} and {@code cur/} directories of a Maildir (a delivery agent renames into new/ once synced). */
    static DeliveredCount maildir(Path maildir) {
        return new DeliveredCount() {
            @Override
            public int count() throws IOException {
                return files(maildir.resolve("new")) + files(maildir.resolve("cur"));
            }

            @Override
            public void close() {
            }
        };
    }

    private static int files(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        int count = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path ignored : entries) {
                count++;
            }
        }
        return count;
    }
}
