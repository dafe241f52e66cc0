package org.santegateway.smtp;

import java.util.List;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;

/**
 * At most {@code maxRecipients} recipients per transaction (default 100): past it, RCPT is answered
 * {@code 452 4.5.3 Too many recipients} (RFC 5321 section 4.5.3.1.10: the client sends the message
 * to those accepted and the rest in another transaction). One message to thousands of recipients
 * is not health messaging; it is a way to flood mailboxes or the audit trail.
 *
 * <pre>{@code
 * <handler class="org.santegateway.smtp.RecipientLimitHook">
 *     <maxRecipients>100</maxRecipients>
 * </handler>
 * }</pre>
 */
public class RecipientLimitHook implements RcptHook {
    static final String MAX_RECIPIENTS = "maxRecipients";
    static final int DEFAULT_MAX_RECIPIENTS = 100;
    static final HookResult TOO_MANY = HookResult.builder()
        .hookReturnCode(HookReturnCode.denySoft())
        .smtpReturnCode("452")
        .smtpDescription("4.5.3 Too many recipients")
        .build();

    private final SmtpRefusals refusals;
    private int maxRecipients = DEFAULT_MAX_RECIPIENTS;

    public RecipientLimitHook() {
        this(SmtpRefusals.unregistered());
    }

    @Inject
    public RecipientLimitHook(SmtpRefusals refusals) {
        this.refusals = refusals;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        maxRecipients = positive(config, MAX_RECIPIENTS, DEFAULT_MAX_RECIPIENTS, getClass().getSimpleName());
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        int accepted = session.getAttachment(SMTPSession.RCPT_LIST, ProtocolSession.State.Transaction).map(List::size).orElse(0);
        if (accepted < maxRecipients) {
            return HookResult.DECLINED;
        }
        refusals.count("too_many_recipients");
        return TOO_MANY;
    }

    static int positive(Configuration config, String key, int defaultValue, String handler) throws ConfigurationException {
        String value = config.getString(key, null);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ConfigurationException(handler + ": <" + key + "> must be a whole number above 0, not '" + value + "'");
    }
}
