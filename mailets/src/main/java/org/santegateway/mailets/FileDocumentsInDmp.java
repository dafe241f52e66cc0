package org.santegateway.mailets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.santegateway.audit.Count;
import org.santegateway.audit.OutcomeRecorder;
import org.santegateway.audit.Pseudonyms;
import org.santegateway.audit.Trace;
import org.santegateway.conversation.LocalDomains;
import org.santegateway.conversation.Role;
import org.santegateway.conversation.RoleResolver;
import org.santegateway.conversation.SenderIdentity;
import org.santegateway.dmp.Actor;
import org.santegateway.dmp.Author;
import org.santegateway.delivery.DeliveredQueueItems;
import org.santegateway.delivery.QueueItem;
import org.santegateway.dmp.DmpStoreException;
import org.santegateway.dmp.Ins;
import org.santegateway.filing.AttachmentFiler;
import org.santegateway.filing.DocumentResult;
import org.santegateway.filing.FilingNotices;
import org.santegateway.notices.Notices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files the documents of a professional's message into the patients' records (the DMP store), see
 * {@link AttachmentFiler}, and acknowledges to the sender: an MDN ({@code processed}, or
 * {@code processed/error} naming the codes 902-905) when the message asks for one with
 * {@code Disposition-Notification-To}, a notice otherwise when something was refused. The message
 * itself goes on to its recipients unchanged; the outcome is left in {@link #OUTCOME}
 * ({@code filed}, {@code refused}, {@code partial}, {@code none}).
 *
 * <p>Acknowledgements are notices: {@code From:} the postmaster, with a null envelope sender (RFC 8098,
 * RFC 3464), so that one that fails is never answered; a notice is never acknowledged.</p>
 *
 * <p>Patient addressees count when their domain is served here (a patient of another operator has
 * no record here). Only mail from a professional (the authenticated user, or the envelope, as the conversation
 * rules decide roles) is considered; mail the gateway generates is not. Every document counts in
 * {@code gateway.documents.filed{outcome,reason}} and gets an audit record {@code dmp.file}
 * (pseudonyms and ids only). A store failure throws: with {@code onMailetException="propagate"}
 * the mail goes to the error repository, to be replayed (refiling is idempotent: duplicates are
 * recognised by their content hash).</p>
 *
 * <pre>{@code
 * <mailet match="All" class="org.santegateway.mailets.FileDocumentsInDmp" onMailetException="propagate"/>
 * }</pre>
 */
public class FileDocumentsInDmp extends GenericMailet {
    public static final AttributeName OUTCOME = AttributeName.of("org.santegateway.dmp.filing.outcome");
    public static final String METRIC = "gateway.documents.filed";
    private static final Logger LOGGER = LoggerFactory.getLogger(FileDocumentsInDmp.class);

    private final AttachmentFiler filer;
    private final DeliveredQueueItems delivered;
    private final RoleResolver roles;
    private final LocalDomains localDomains;
    private final OutcomeRecorder recorder;
    private final Pseudonyms pseudonyms;

    @Inject
    public FileDocumentsInDmp(AttachmentFiler filer, RoleResolver roles, LocalDomains localDomains, OutcomeRecorder recorder,
                              Pseudonyms pseudonyms, DeliveredQueueItems delivered) {
        this.delivered = delivered;
        this.filer = filer;
        this.roles = roles;
        this.localDomains = localDomains;
        this.recorder = recorder;
        this.pseudonyms = pseudonyms;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        mail.removeAttribute(OUTCOME);
        MessageFacts.Sender facts = MessageFacts.sender(mail, roles);
        SenderIdentity sender = facts.identity();
        if (facts.role() != Role.PROFESSIONAL || sender.address().isEmpty() || mail.getRecipients().isEmpty()
            || Notices.isNotice(mail)) {
            return;
        }
        MailAddress senderAddress = sender.address().get();
        MimeMessage message = mail.getMessage();
        Set<Ins> patients = new LinkedHashSet<>();
        boolean remotePatients = false;
        for (MailAddress recipient : mail.getRecipients()) {
            if (roles.recipientRole(recipient) == Role.PATIENT) {
                if (localDomains.isLocal(recipient.getDomain())) {
                    Ins.parse(recipient.getLocalPart()).ifPresent(patients::add);
                } else {
                    remotePatients = true;
                }
            }
        }
        if (patients.isEmpty() && remotePatients) {
            // To patients of another operator: their records are not kept here.
            return;
        }
        Optional<String> messageId = Optional.ofNullable(message.getMessageID());
        String messageIdHash = MessageFacts.messageIdHash(mail);
        AttachmentFiler.Context context = new AttachmentFiler.Context(Actor.professional(senderAddress.asString()),
            Author.ofSender(displayName(message), senderAddress.asString()), patients, message.getSubject(),
            Optional.ofNullable(message.getSentDate()).map(java.util.Date::toInstant), messageIdHash);
        List<DocumentResult> results;
        try {
            results = filer.file(message, context);
        } catch (DmpStoreException | IOException e) {
            LOGGER.error("Documents of {} could not be filed ({}): the mail goes to the error repository", mail.getName(),
                e.getClass().getSimpleName());
            throw new MessagingException("the documents could not be filed", e);
        }
        if (results.isEmpty()) {
            mail.setAttribute(new Attribute(OUTCOME, AttributeValue.of("none")));
            return;
        }
        for (DocumentResult result : results) {
            record(senderAddress, messageIdHash, result);
        }
        long refused = results.stream().filter(DocumentResult::refused).count();
        String outcome = refused == 0 ? "filed" : refused == results.size() ? "refused" : "partial";
        mail.setAttribute(new Attribute(OUTCOME, AttributeValue.of(outcome)));
        LOGGER.debug("Documents of {}: {} ({} of {} refused)", mail.getName(), outcome, refused, results.size());
        acknowledge(mail, senderAddress, patients, messageId, results);
    }

    private void acknowledge(Mail mail, MailAddress sender, Set<Ins> patients, Optional<String> messageId, List<DocumentResult> results)
        throws MessagingException {
        if (acknowledgedBefore(mail)) {
            LOGGER.debug("Documents of {} were acknowledged before a restart: not acknowledged again", mail.getName());
            return;
        }
        MailAddress postmaster = getMailetContext().getPostmaster();
        boolean mdnRequested = mail.getMessage().getHeader("Disposition-Notification-To") != null;
        MimeMessage acknowledgement;
        MailAddress finalRecipient = mail.getRecipients().stream()
            .filter(recipient -> roles.recipientRole(recipient) == Role.PATIENT)
            .findFirst()
            .orElse(mail.getRecipients().iterator().next());
        if (mdnRequested) {
            acknowledgement = FilingNotices.mdn(postmaster.asString(), sender.asString(), finalRecipient.asString(), messageId, results,
                postmaster.getDomain().asString());
        } else if (results.stream().anyMatch(DocumentResult::refused)) {
            acknowledgement = FilingNotices.notice(postmaster.asString(), sender.asString(), finalRecipient.asString(), messageId,
                results, postmaster.getDomain().asString());
        } else {
            return;
        }
        // To the authenticated sender only: the Disposition-Notification-To address is the sender's word.
        // A null envelope sender: an acknowledgement that cannot be delivered is not answered (loop rule).
        getMailetContext().sendMail(MailAddress.nullSender(), List.of(sender), acknowledgement);
    }

    /**
     * Whether this mail is its queue item handed out again after an unclean stop, its processing
     * having gone as far as local delivery, which comes after this mailet: the acknowledgement then
     * went out the first time (filing is idempotent, the acknowledgement is not).
     */
    private boolean acknowledgedBefore(Mail mail) {
        Optional<String> queueItem = AttributeUtils.getValueAndCastFromMail(mail, QueueItem.ATTRIBUTE, String.class);
        if (queueItem.isEmpty()) {
            return false;
        }
        List<MailAddress> localRecipients = mail.getRecipients().stream()
            .filter(recipient -> localDomains.isLocal(recipient.getDomain()))
            .toList();
        return !localRecipients.isEmpty() && !delivered.deliveredRecipients(queueItem.get(), localRecipients).isEmpty();
    }

    private void record(MailAddress sender, String messageIdHash, DocumentResult result) {
        List<String> objects = new ArrayList<>();
        objects.add("message:" + messageIdHash);
        result.patient().ifPresent(patient -> objects.add("patient:" + pseudonyms.of(patient.matricule())));
        result.document().ifPresent(document -> objects.add("document:" + document));
        recorder.record(new Trace(Role.PROFESSIONAL.actorKind(), pseudonyms.of(sender.asString()), "dmp.file", objects,
                result.outcome(), result.refused() ? Optional.of(result.reason()) : Optional.empty()),
            Count.of(METRIC, "outcome", result.outcome().tag(), "reason", result.reason()));
    }

    private static String displayName(MimeMessage message) {
        try {
            javax.mail.Address[] from = message.getFrom();
            if (from != null && from.length > 0 && from[0] instanceof InternetAddress address) {
                return address.getPersonal();
            }
        } catch (MessagingException e) {
            // A malformed From: the author is the sender's address.
        }
        return null;
    }
}
