package org.santegateway.matchers;

import java.util.Collection;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.santegateway.smtp.OperatorSenderHook;

/**
 * Matches every recipient of a mail that arrived on the operators' port from an operator of the
 * trust space (the attribute {@link OperatorSenderHook#OPERATOR} set in the SMTP session): the
 * mail the inbound S/MIME step must open and check.
 *
 * <p>Mail a mailet of this gateway sent never matches: a DSN about an operator's mail copies that
 * mail's attributes, the operator's among them, yet it is the gateway's own notice, to be signed and
 * relayed, not opened and quarantined at home.</p>
 *
 * <pre>{@code
 * <mailet match="org.santegateway.matchers.CameFromOperator" class="org.santegateway.mailets.UnwrapSmime"/>
 * }</pre>
 */
public class CameFromOperator extends GenericMatcher {
    @Override
    public Collection<MailAddress> match(Mail mail) {
        boolean fromOperator = mail.getAttribute(OperatorSenderHook.OPERATOR).isPresent()
            && mail.getAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE.getName()).isEmpty();
        return fromOperator ? mail.getRecipients() : List.of();
    }
}
