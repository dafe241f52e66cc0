package org.santegateway.smtp;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.santegateway.conversation.ConversationGate;
import org.santegateway.conversation.Party;
import org.santegateway.conversation.PolicyRequests;
import org.santegateway.conversation.RefusalReason;
import org.santegateway.conversation.SenderIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses at RCPT what one recipient decides in patient messaging: an address of a patient
 * domain that is not a valid matricule INS, a patient writing to another patient or outside the
 * gateway's professionals, and anyone but a professional writing to a patient. The reply carries
 * the reason in French and English. The sender's role comes from the authenticated user, else the
 * envelope.
 *
 * <pre>{@code
 * <handler class="org.santegateway.smtp.ConversationRcptHook"/>
 * }</pre>
 */
public class ConversationRcptHook implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(ConversationRcptHook.class);

    private final ConversationGate gate;
    private final PolicyRequests requests;

    @Inject
    public ConversationRcptHook(ConversationGate gate, PolicyRequests requests) {
        this.gate = gate;
        this.requests = requests;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        Party from = requests.sender(identity(session, sender));
        Optional<RefusalReason> refusal = gate.checkRecipient(from, requests.recipient(rcpt));
        if (refusal.isEmpty()) {
            return HookResult.DECLINED;
        }
        LOGGER.info("Refused a recipient in session {}: {}", session.getSessionID(), refusal.get().code());
        return refuse(refusal.get());
    }

    static SenderIdentity identity(SMTPSession session, MaybeSender envelope) {
        return SenderIdentity.of(Optional.ofNullable(session.getUsername()), envelope, false);
    }

    static HookResult refuse(RefusalReason reason) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode(reason.smtpCode())
            .smtpDescription(reason.smtpDescription())
            .build();
    }
}
