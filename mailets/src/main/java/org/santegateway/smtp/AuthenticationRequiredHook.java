package org.santegateway.smtp;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;

/**
 * Makes a listener a mail submission agent (RFC 6409): every transaction needs a successful AUTH
 * first, whatever the recipients, local ones included. James's submission listener only asks for
 * AUTH before relaying, so without this hook anyone could hand mail to local professionals and
 * patients under any sender. Mail from other operators enters only by the operators' port (mutual
 * TLS, trust list, signatures); the startup checks refuse a listener that is neither.
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

    private final SmtpRefusals refusals;

    public AuthenticationRequiredHook() {
        this(SmtpRefusals.unregistered());
    }

    @Inject
    public AuthenticationRequiredHook(SmtpRefusals refusals) {
        this.refusals = refusals;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (session.getUsername() != null) {
            return HookResult.DECLINED;
        }
        refusals.count("authentication_required");
        return AUTHENTICATION_REQUIRED;
    }
}
