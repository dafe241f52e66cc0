package org.santegateway.server.webmail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.inmemory.InMemoryId;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.conversation.PatientInitiatedMailboxes;
import org.santegateway.ins.MatriculeIns;
import org.santegateway.server.persistence.DatabaseConfiguration;
import org.santegateway.server.persistence.ManagedEntityManagerFactory;
import org.santegateway.server.persistence.StorageDirectories;
import org.santegateway.server.settings.GatewayProperties;

/**
 * What the page tests share: requests and sessions, and small in-memory stand-ins for the
 * collaborators that need James's mailboxes or spool (messages, sending). The pages run without a
 * server, with real sessions, throttle, conversations and settings.
 */
final class PageFixtures {
    /** The notification addresses on an embedded Derby database under {@code directory} (closed by the caller). */
    static ManagedEntityManagerFactory openDatabase(java.nio.file.Path directory) {
        return new ManagedEntityManagerFactory(DatabaseConfiguration.embeddedDerby(new StorageDirectories(directory)));
    }

    static NotificationAddresses notificationAddresses(ManagedEntityManagerFactory database, java.nio.file.Path data) {
        return new NotificationAddresses(database.entityManagerFactory(), value -> "pseudo-" + value,
            new org.santegateway.server.GatewaySettings(data.resolve("conf"), data), java.time.Clock.systemUTC());
    }

    static final String DOMAIN = "patient.mssante.fr";
    static final String INS = "1850575123456" + MatriculeIns.keyOf("1850575123456");
    static final Username PATIENT = Username.of(INS + "@" + DOMAIN);
    static final PatientDomains PATIENT_DOMAINS = PatientDomains.of(Domain.of(DOMAIN));
    static final WebmailSettings SETTINGS = WebmailSettings.from(GatewayProperties.none());

    private PageFixtures() {
    }

    static WebRequest get(String path) {
        return new WebRequest("GET", path, Map.of(), Map.of(), List.of(), Map.of(), Optional.empty());
    }

    static WebRequest get(String path, Map<String, String> query) {
        return new WebRequest("GET", path, query, Map.of(), List.of(), Map.of(), Optional.empty());
    }

    static WebRequest post(String path, Map<String, String> form) {
        return new WebRequest("POST", path, Map.of(), form, List.of(), Map.of(), Optional.empty());
    }

    static WebRequest withCookie(WebRequest request, String sessionId) {
        return new WebRequest(request.method(), request.path(), request.query(), request.form(), request.uploads(),
            Map.of(WebmailSessions.COOKIE, sessionId), request.origin(), request.client());
    }

    static String body(WebResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** The session identifier a response sets in its cookie. */
    static String cookieSession(WebResponse response) {
        String cookie = response.headers().get("Set-Cookie");
        return cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
    }

    static MimeMessage message(String text) {
        try {
            return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The patient's INBOX and sent mailbox, in memory: what {@link PatientMessages} reads from James. */
    static final class MemoryMessages extends PatientMessages {
        static final MailboxId INBOX = InMemoryId.of(1);
        final Map<MessageUid, MimeMessage> inbox = new LinkedHashMap<>();
        final List<PatientMessages.Summary> summaries = new ArrayList<>();
        final List<MessageUid> seen = new ArrayList<>();
        final List<MimeMessage> sent = new ArrayList<>();

        MemoryMessages() {
            super(null);
        }

        /** A text message from a professional in the INBOX, unread. */
        MessageUid receive(String fromName, String fromAddress, String subject, String text) {
            return deliver(fromName, fromAddress, subject, "Content-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n");
        }

        /** A message from a professional in the INBOX, unread, with the given content headers and body. */
        MessageUid receiveEntity(String fromName, String fromAddress, String subject, String entity) {
            return deliver(fromName, fromAddress, subject, entity);
        }

        private MessageUid deliver(String fromName, String fromAddress, String subject, String entity) {
            MessageUid uid = MessageUid.of(inbox.size() + 1L);
            String messageId = "<m" + uid.asLong() + "@hopital-test.fr>";
            inbox.put(uid, PageFixtures.message("From: " + fromName + " <" + fromAddress + ">\r\nTo: " + PATIENT.asString() + "\r\nSubject: " + subject
                + "\r\nMessage-ID: " + messageId + "\r\n" + entity));
            summaries.add(new PatientMessages.Summary(INBOX, uid, false, Optional.of(messageId), fromName, fromAddress,
                List.of(PATIENT.asString()), subject, Instant.parse("2026-11-20T09:30:00Z").plusSeconds(uid.asLong()), false));
            return uid;
        }

        /** The key of the conversation list for a message outside any conversation. */
        static String key(MessageUid uid) {
            return "m-" + INBOX.serialize() + "-" + uid.asLong();
        }

        @Override
        public List<Summary> summaries(Username user) {
            return user.equals(PATIENT) ? List.copyOf(summaries) : List.of();
        }

        @Override
        public Optional<MimeMessage> message(Username user, MailboxId mailboxId, MessageUid uid) {
            return user.equals(PATIENT) && mailboxId.equals(INBOX) ? Optional.ofNullable(inbox.get(uid)) : Optional.empty();
        }

        @Override
        public void markSeen(Username user, MailboxId mailboxId, List<MessageUid> uids) {
            seen.addAll(uids);
        }

        @Override
        public void saveSent(Username user, MimeMessage message) {
            sent.add(message);
        }
    }

    /** Records the drafts it is given and answers what the test set (sent by default). */
    static final class RecordingSender extends PatientMailSender {
        final List<PatientMailSender.Draft> drafts = new ArrayList<>();
        PatientMailSender.Result answer = new PatientMailSender.Result.Sent();

        RecordingSender() {
            super(null, null, new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory()), null);
        }

        @Override
        public Result send(Username patient, Draft draft) {
            drafts.add(draft);
            return answer;
        }
    }

    static final class MemoryOrganisations implements PatientInitiatedMailboxes {
        final List<MailAddress> mailboxes = new ArrayList<>();

        @Override
        public boolean accepts(MailAddress mailbox) {
            return mailboxes.contains(mailbox);
        }

        @Override
        public boolean add(MailAddress mailbox) {
            return !mailboxes.contains(mailbox) && mailboxes.add(mailbox);
        }

        @Override
        public boolean remove(MailAddress mailbox) {
            return mailboxes.remove(mailbox);
        }

        @Override
        public List<MailAddress> list() {
            return List.copyOf(mailboxes);
        }
    }

    /** The agenda pages on memory stores and the shipped prevention rules. */
    static AgendaPages agendaPages(PatientMailSender sender, java.time.Clock clock) {
        return agendaPages(new org.santegateway.server.testing.MemoryAgendaStore(), sender, clock);
    }

    static AgendaPages agendaPages(org.santegateway.agenda.AgendaStore store, PatientMailSender sender, java.time.Clock clock) {
        MemoryProfiles profiles = new MemoryProfiles();
        try {
            return new AgendaPages(store, sender, profiles, new org.santegateway.agenda.InMemoryPreventionStatuses(),
                new org.santegateway.agenda.PreventionEngine(org.santegateway.agenda.PreventionRules.load(
                    java.nio.file.Path.of("..", "config", "prevention-rules.txt")), org.santegateway.agenda.PreventionEngine.DEFAULT_HORIZON), clock);
        } catch (org.santegateway.agenda.PreventionRulesException e) {
            throw new IllegalStateException(e);
        }
    }

    static final class MemoryProfiles implements org.santegateway.agenda.AgendaProfiles {
        final java.util.Map<org.santegateway.dmp.Ins, java.time.LocalDate> birthDates = new java.util.HashMap<>();
        final java.util.Set<org.santegateway.dmp.Ins> remindersOff = new java.util.HashSet<>();

        @Override
        public Optional<java.time.LocalDate> birthDate(org.santegateway.dmp.Ins patient) {
            return Optional.ofNullable(birthDates.get(patient));
        }

        @Override
        public void setBirthDate(org.santegateway.dmp.Ins patient, java.time.LocalDate birthDate) {
            birthDates.put(patient, birthDate);
        }

        @Override
        public boolean remindersOn(org.santegateway.dmp.Ins patient) {
            return !remindersOff.contains(patient);
        }

        @Override
        public void setReminders(org.santegateway.dmp.Ins patient, boolean on) {
            if (on) {
                remindersOff.remove(patient);
            } else {
                remindersOff.add(patient);
            }
        }
    }
}
