package org.santegateway.smtp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.santegateway.conversation.ConversationGate;
import org.santegateway.conversation.Decision;
import org.santegateway.conversation.MessageThreading;
import org.santegateway.conversation.PolicyRequest;
import org.santegateway.conversation.PolicyRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a message against the patient conversation rules at the end of DATA, so that a refusal
 * is an SMTP reply (in French and English) rather than a DSN: a patient starting a conversation,
 * replying with references to a conversation they are not part of, adding a recipient who is not
 * in the conversation or replying in a closed one, and mail over 25 MB to a patient. Read-only:
 * the pipeline's {@link org.santegateway.mailets.ApplyConversationPolicy} decides again and
 * records. Recipients are judged as the pipeline will see them, aliases resolved.
 *
 * <pre>{@code
 * <handler class="org.santegateway.smtp.ConversationMessageHook"/>
 * }</pre>
 */
public class ConversationMessageHook implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConversationMessageHook.class);

    private final ConversationGate gate;
    private final PolicyRequests requests;
    private final RecipientAliases aliases;

    @Inject
    public ConversationMessageHook(ConversationGate gate, PolicyRequests requests, RecipientAliases aliases) {
        this.gate = gate;
        this.requests = requests;
        this.aliases = aliases;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        PolicyRequest request;
        try {
            request = requests.build(ConversationRcptHook.identity(session, mail.getMaybeSender()), resolvedRecipients(mail),
                MessageThreading.from(mail.getMessage()), mail.getMessageSize());
        } catch (MessagingException e) {
            // The pipeline decides again and fails closed on a message it cannot read.
            LOGGER.info("Conversation check of {} left to the pipeline: unreadable header", mail.getName());
            return HookResult.DECLINED;
        }
        Decision decision = gate.check(request);
        if (decision instanceof Decision.Refused refused) {
            LOGGER.info("Refused {} by the conversation policy: {}", mail.getName(), refused.reason().code());
            return ConversationRcptHook.refuse(refused.reason());
        }
        return HookResult.DECLINED;
    }

    private List<MailAddress> resolvedRecipients(Mail mail) {
        LinkedHashSet<MailAddress> resolved = new LinkedHashSet<>();
        for (MailAddress recipient : mail.getRecipients()) {
            resolved.addAll(aliases.resolve(recipient));
        }
        return new ArrayList<>(resolved);
    }
}
