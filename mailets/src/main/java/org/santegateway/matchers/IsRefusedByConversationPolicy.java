package org.santegateway.matchers;

import java.util.Collection;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.santegateway.conversation.Outcome;
import org.santegateway.mailets.ApplyConversationPolicy;

/**
 * Matches every recipient of a mail that {@link ApplyConversationPolicy} refused: a refusal is
 * for the whole message, nobody receives it.
 *
 * <pre>{@code
 * <mailet match="org.santegateway.matchers.IsRefusedByConversationPolicy" class="ToProcessor">
 *     <processor>conversation-refused</processor>
 * </mailet>
 * }</pre>
 */
public class IsRefusedByConversationPolicy extends GenericMatcher {
    @Override
    public Collection<MailAddress> match(Mail mail) {
        boolean refused = AttributeUtils.getValueAndCastFromMail(mail, ApplyConversationPolicy.OUTCOME, String.class)
            .filter(Outcome.REFUSED.tag()::equals)
            .isPresent();
        return refused ? mail.getRecipients() : List.of();
    }
}
