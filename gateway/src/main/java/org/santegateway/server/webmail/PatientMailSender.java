package org.santegateway.server.webmail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import javax.activation.DataHandler;
import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.internet.MimeUtility;
import javax.mail.util.ByteArrayDataSource;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.santegateway.conversation.ConversationGate;
import org.santegateway.conversation.Decision;
import org.santegateway.conversation.MessageThreading;
import org.santegateway.conversation.PolicyRequests;
import org.santegateway.conversation.RefusalReason;
import org.santegateway.conversation.SenderIdentity;
import org.santegateway.mailets.CountMessages;

/**
 * Sends what a patient writes in the webmail: builds the message, asks the conversation policy
 * (so that a refusal is shown at once with its reason) and puts the mail on James's spool, as an
 * SMTP submission by the patient would be, so that the whole pipeline applies (the policy
 * decides again there, authoritatively). A copy is kept in the patient's sent mailbox.
 */
public class PatientMailSender {
    private static final Session MAIL_SESSION = Session.getInstance(new Properties());

    /** The outcome of a send. */
    public sealed interface Result {
        record Sent() implements Result {
        }

        record Refused(RefusalReason reason) implements Result {
        }
    }

    /**
     * What the patient wrote; {@code calendarReply}, an iTIP REPLY (the answer to an invitation), goes with the text as a
     * {@code text/calendar; method=REPLY} part that mail clients apply to the organiser's calendar.
     */
    public record Draft(List<MailAddress> recipients, String subject, String text, List<WebRequest.Upload> attachments,
                        Optional<String> inReplyTo, List<String> references, Optional<String> calendarReply) {
        public Draft(List<MailAddress> recipients, String subject, String text, List<WebRequest.Upload> attachments,
                     Optional<String> inReplyTo, List<String> references) {
            this(recipients, subject, text, attachments, inReplyTo, references, Optional.empty());
        }
    }

    private final ConversationGate gate;
    private final PolicyRequests requests;
    private final MailQueue spool;
    private final PatientMessages messages;

    @Inject
    public PatientMailSender(ConversationGate gate, PolicyRequests requests, MailQueueFactory<?> queues, PatientMessages messages) {
        this.gate = gate;
        this.requests = requests;
        this.spool = queues.createQueue(MailQueueFactory.SPOOL);
        this.messages = messages;
    }

    public Result send(Username patient, Draft draft) throws MessagingException {
        MailAddress sender = PatientConversations.address(patient);
        MimeMessage message = build(sender, draft);
        long size = size(message);
        Decision decision = gate.check(requests.build(SenderIdentity.authenticated(sender, MaybeSender.of(sender)),
            draft.recipients(), MessageThreading.from(message), size));
        if (decision instanceof Decision.Refused refused) {
            return new Result.Refused(refused.reason());
        }
        Mail mail = MailImpl.builder()
            .name("webmail-" + UUID.randomUUID())
            .sender(sender)
            .addRecipients(draft.recipients())
            .mimeMessage(message)
            .addAttribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of(patient.asString())))
            .addAttribute(new Attribute(CountMessages.CHANNEL, AttributeValue.of("webmail")))
            .build();
        try {
            spool.enQueue(mail);
        } finally {
            // The queue holds its own copy: release the wrapper's content source now, not at garbage collection.
            LifecycleUtil.dispose(mail);
        }
        messages.saveSent(patient, message);
        return new Result.Sent();
    }

    static MimeMessage build(MailAddress sender, Draft draft) throws MessagingException {
        String messageId = "<" + UUID.randomUUID() + "@" + sender.getDomain().asString() + ">";
        MimeMessage message = new MimeMessage(MAIL_SESSION) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress(sender.asString()));
        for (MailAddress recipient : draft.recipients()) {
            message.addRecipient(javax.mail.Message.RecipientType.TO, recipient.toInternetAddress().orElseThrow());
        }
        message.setSubject(draft.subject(), "UTF-8");
        message.setSentDate(new java.util.Date());
        draft.inReplyTo().ifPresent(id -> {
            try {
                message.setHeader("In-Reply-To", id);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        });
        if (!draft.references().isEmpty()) {
            message.setHeader("References", String.join(" ", draft.references()));
        }
        message.setHeader("X-MSS-NIL", "sante-gateway-webmail");
        if (draft.calendarReply().isPresent()) {
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(draft.text(), "UTF-8");
            alternative.addBodyPart(text);
            MimeBodyPart calendar = new MimeBodyPart();
            calendar.setContent(draft.calendarReply().get(), "text/calendar; charset=UTF-8; method=REPLY");
            calendar.setHeader("Content-Transfer-Encoding", "quoted-printable");
            alternative.addBodyPart(calendar);
            message.setContent(alternative);
        } else if (draft.attachments().isEmpty()) {
            message.setText(draft.text(), "UTF-8");
        } else {
            MimeMultipart multipart = new MimeMultipart();
            MimeBodyPart text = new MimeBodyPart();
            text.setText(draft.text(), "UTF-8");
            multipart.addBodyPart(text);
            for (WebRequest.Upload upload : draft.attachments()) {
                MimeBodyPart part = new MimeBodyPart();
                String type = upload.contentType() == null || upload.contentType().isBlank() ? "application/octet-stream" : upload.contentType();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(upload.content(), type)));
                try {
                    part.setFileName(MimeUtility.encodeText(upload.fileName(), "UTF-8", null));
                } catch (java.io.UnsupportedEncodingException e) {
                    part.setFileName("piece-jointe");
                }
                part.setDisposition(MimeBodyPart.ATTACHMENT);
                multipart.addBodyPart(part);
            }
            message.setContent(multipart);
        }
        message.saveChanges();
        return message;
    }

    private static long size(MimeMessage message) throws MessagingException {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            message.writeTo(bytes);
            return bytes.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
