package org.santegateway.mailets;

import java.util.Set;
import java.util.UUID;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.santegateway.conversation.ConversationGate;
import org.santegateway.conversation.Decision;
import org.santegateway.conversation.MessageThreading;
import org.santegateway.conversation.Outcome;
import org.santegateway.conversation.PolicyRequest;
import org.santegateway.conversation.PolicyRequests;
import org.santegateway.conversation.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the patient conversation rules in the pipeline, authoritatively: decides on every mail
 * (whether or not it came through SMTP, where the same rules were checked already) and records
 * what an accepted mail changes (conversation opened, continued, closed). The sender's role comes
 * from the SMTP-authenticated user ({@link Mail#SMTP_AUTH_USER}) or else the envelope, never from
 * the {@code From:} header, as {@link MessageFacts} decided it.
 *
 * <p>The outcome is left in the {@link #OUTCOME} attribute ({@code opened}, {@code continued},
 * {@code closed}, {@code reopened}, {@code patient_initiated}, {@code refused}); a refused mail
 * also gets {@link #REASON} and, as its error message, the fixed French and English reason for the
 * DSN. Route refused mail with {@link org.santegateway.matchers.IsRefusedByConversationPolicy}.
 * A store failure throws: with {@code onMailetException="propagate"} the mail goes to the error
 * repository, never to a recipient.</p>
 *
 * <pre>{@code
 * <mailet match="All" class="org.santegateway.mailets.ApplyConversationPolicy" onMailetException="propagate"/>
 * <mailet match="org.santegateway.matchers.IsRefusedByConversationPolicy" class="ToProcessor">
 *     <processor>conversation-refused</processor>
 * </mailet>
 * }</pre>
 */
public class ApplyConversationPolicy extends GenericMailet {
    public static final AttributeName OUTCOME = AttributeName.of("org.santegateway.conversation.outcome");
    public static final AttributeName REASON = AttributeName.of("org.santegateway.conversation.reason");
    private static final Logger LOGGER = LoggerFactory.getLogger(ApplyConversationPolicy.class);

    private final ConversationGate gate;
    private final PolicyRequests requests;

    @Inject
    public ApplyConversationPolicy(ConversationGate gate, PolicyRequests requests) {
        this.gate = gate;
        this.requests = requests;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        // A mail derived from another one (a DSN) carries a copy of its attributes: decide afresh.
        mail.removeAttribute(OUTCOME);
        mail.removeAttribute(REASON);
        MessageFacts.Sender sender = MessageFacts.sender(mail, requests.roles());
        ensureMessageId(mail, sender);
        PolicyRequest request = requests.build(requests.sender(sender.identity(), sender.role()), mail.getRecipients(),
            MessageThreading.from(mail.getMessage()), mail.getMessageSize());
        Decision decision = gate.enforce(request);
        if (decision instanceof Decision.Refused refused) {
            mail.setAttribute(new Attribute(OUTCOME, AttributeValue.of(Outcome.REFUSED.tag())));
            mail.setAttribute(new Attribute(REASON, AttributeValue.of(refused.reason().code())));
            mail.setErrorMessage(refused.reason().text());
            LOGGER.info("Refused {} by the conversation policy: {}", mail.getName(), refused.reason().code());
        } else if (decision instanceof Decision.Accepted accepted) {
            mail.setAttribute(new Attribute(OUTCOME, AttributeValue.of(accepted.outcome().tag())));
            LOGGER.debug("Conversation policy: {} {}", mail.getName(), accepted.outcome().tag());
        }
    }

    /**
     * A conversation is found again by the Message-IDs of its messages: a message from a patient
     * or a professional that has none gets one (as a submission server may, RFC 6409 8.3).
     */
    private void ensureMessageId(Mail mail, MessageFacts.Sender sender) throws MessagingException {
        MimeMessage message = mail.getMessage();
        if (message.getHeader("Message-ID") != null) {
            return;
        }
        if (sender.role() != Role.PATIENT && sender.role() != Role.PROFESSIONAL) {
            return;
        }
        String domain = sender.identity().address().map(address -> address.getDomain().asString()).orElse("localhost");
        message.setHeader("Message-ID", "<" + UUID.randomUUID() + "@" + domain + ">");
        message.saveChanges();
    }
}
