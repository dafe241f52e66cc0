package org.santegateway.server.webmail;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.santegateway.audit.Pseudonyms;
import org.santegateway.server.GatewaySettings;
import org.santegateway.pki.PemFiles;

/**
 * The personal addresses patients registered to be told that a message is waiting, in
 * {@code <data>/var/webmail/notification-addresses.properties} (owner-only), keyed by the
 * patient's pseudonym so that the file names no patient.
 */
public class NotificationAddresses {
    static final String FILE = "notification-addresses.properties";

    private final Path file;
    private final Pseudonyms pseudonyms;
    private final Properties addresses = new Properties();

    @Inject
    public NotificationAddresses(GatewaySettings settings, Pseudonyms pseudonyms) {
        this.file = settings.dataDirectory().resolve("var").resolve("webmail").resolve(FILE);
        this.pseudonyms = pseudonyms;
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                addresses.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
    }

    public synchronized Optional<String> get(Username patient) {
        return Optional.ofNullable(addresses.getProperty(key(patient)));
    }

    public synchronized void set(Username patient, MailAddress address) {
        addresses.setProperty(key(patient), address.asString());
        save();
    }

    public synchronized void remove(Username patient) {
        if (addresses.remove(key(patient)) != null) {
            save();
        }
    }

    private String key(Username patient) {
        return pseudonyms.of(patient.asString().toLowerCase(java.util.Locale.ROOT));
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            StringWriter content = new StringWriter();
            addresses.store(content, "Personal addresses notified of new messages, by patient pseudonym");
            PemFiles.writeAtomically(file, content.toString(), PemFiles.OWNER_ONLY_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
