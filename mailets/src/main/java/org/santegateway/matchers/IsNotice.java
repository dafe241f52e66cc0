package org.santegateway.matchers;

import java.util.Collection;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.santegateway.notices.Notices;

/**
 * Matches every recipient of a notice (a DSN, an MDN or another report: null sender or
 * {@code multipart/report}, see {@link Notices}): in front of each {@code DSNBounce}, so that a
 * notice that fails or is refused is kept, never answered with another notice.
 *
 * <pre>{@code
 * <mailet match="org.santegateway.matchers.IsNotice" class="ToProcessor" onMailetException="propagate">
 *     <processor>notice-unanswered</processor>
 * </mailet>
 * }</pre>
 */
public class IsNotice extends GenericMatcher {
    @Override
    public Collection<MailAddress> match(Mail mail) {
        return Notices.isNotice(mail) ? mail.getRecipients() : List.of();
    }
}
