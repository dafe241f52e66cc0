package org.santegateway.matchers;

import java.util.Collection;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.santegateway.delivery.InactiveMailboxes;

/**
 * Matches the recipients whose mailbox is suspended or closed in the mailbox registry; the other recipients go on.
 *
 * <pre>{@code
 * <mailet match="org.santegateway.matchers.RecipientIsInactiveMailbox" class="ToProcessor">
 *     <processor>mailbox-inactive</processor>
 * </mailet>
 * }</pre>
 */
public class RecipientIsInactiveMailbox extends GenericMatcher {
    private final InactiveMailboxes inactive;

    @Inject
    public RecipientIsInactiveMailbox(InactiveMailboxes inactive) {
        this.inactive = inactive;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return mail.getRecipients().stream().filter(inactive::contains).toList();
    }

    @Override
    public String getMatcherInfo() {
        return "Recipients whose mailbox is suspended or closed";
    }
}
