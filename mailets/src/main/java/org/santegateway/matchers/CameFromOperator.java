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
 * <pre>{@code
 * <mailet match="org.santegateway.matchers.CameFromOperator" class="org.santegateway.mailets.UnwrapSmime"/>
 * }</pre>
 */
public class CameFromOperator extends GenericMatcher {
    @Override
    public Collection<MailAddress> match(Mail mail) {
        return mail.getAttribute(OperatorSenderHook.OPERATOR).isPresent() ? mail.getRecipients() : List.of();
    }
}
