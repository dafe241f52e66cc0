package org.santegateway.matchers;

import java.util.Collection;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.santegateway.notices.PersonalNotice;

/**
 * Matches a notice of the gateway to one personal address ({@link PersonalNotice}): the attribute only the gateway's
 * code sets, written by the gateway itself ({@link Mail#SENT_BY_MAILET_ATTRIBUTE}), and a single recipient on a domain
 * that is not this gateway's. Such mail
 * takes the path to the outside world; anything else, whatever it looks like, goes the usual way (and mail to a
 * domain outside the trust space is refused there).
 *
 * <pre>{@code
 * <mailet match="org.santegateway.matchers.IsPersonalNotice" class="ToProcessor">
 *     <processor>outside-notice</processor>
 * </mailet>
 * }</pre>
 */
public class IsPersonalNotice extends GenericMatcher {
    @Override
    public Collection<MailAddress> match(Mail mail) {
        boolean notice = mail.getAttribute(PersonalNotice.ATTRIBUTE).isPresent()
            && mail.getAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE.getName()).isPresent()
            && mail.getRecipients().size() == 1;
        if (!notice) {
            return List.of();
        }
        MailAddress recipient = mail.getRecipients().iterator().next();
        // A personal address on a domain of this gateway is delivered here, the usual way.
        return getMailetContext().isLocalServer(recipient.getDomain()) ? List.of() : List.of(recipient);
    }
}
