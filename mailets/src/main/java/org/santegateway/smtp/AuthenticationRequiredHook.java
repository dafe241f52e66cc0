package org.santegateway.smtp;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.santegateway.delivery.InactiveMailboxes;

/**
 * Makes a listener a mail submission agent (RFC 6409): every transaction needs a successful AUTH
 * first, whatever the recipients, local ones included. James's submission listener only asks for
 * AUTH before relaying, so without this hook anyone could hand mail to local professionals and
 * patients under any sender. Mail from other operators enters only by the operators' port (mutual
 * TLS, trust list, signatures); the startup checks refuse a listener that is neither. A session logged in to a mailbox
 * that an admin has since suspended or closed in the registry ({@link InactiveMailboxes}) sends nothing more.
 *
 * <pre>{@code
 * <handler class="org.santegateway.smtp.AuthenticationRequiredHook"/>
 * }</pre>
 */
public class AuthenticationRequiredHook implements MailHook {
    static final HookResult AUTHENTICATION_REQUIRED = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("530")
        .smtpDescription("5.7.0 Authentication required")
        .build();

    static final HookResult MAILBOX_INACTIVE = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .smtpReturnCode("550")
        .smtpDescription("5.7.1 This mailbox is suspended or closed: it may not send mail")
        .build();

    private final SmtpRefusals refusals;
    private final InactiveMailboxes inactive;

    public AuthenticationRequiredHook() {
        this(SmtpRefusals.unregistered(), InactiveMailboxes.NONE);
    }

    @Inject
    public AuthenticationRequiredHook(SmtpRefusals refusals, InactiveMailboxes inactive) {
        this.refusals = refusals;
        this.inactive = inactive;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (session.getUsername() != null) {
            if (inactive.isInactive(session.getUsername().asString())) {
                // Logged in before an admin suspended or closed the mailbox: its session sends nothing more.
                refusals.count("mailbox_inactive");
                return MAILBOX_INACTIVE;
            }
            return HookResult.DECLINED;
        }
        refusals.count("authentication_required");
        return AUTHENTICATION_REQUIRED;
    }
}
