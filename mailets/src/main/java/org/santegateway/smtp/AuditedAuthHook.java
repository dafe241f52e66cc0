package org.santegateway.smtp;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.Authorizator;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.UsersRepositoryAuthHook;
import org.apache.james.user.api.UsersRepository;
import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.AuditLog;
import org.santegateway.audit.Pseudonyms;

/**
 * SMTP authentication against the users repository, as James's own hook does it, with every
 * success and failure recorded in the audit trail (the account as a keyed pseudonym, never the
 * password). Listed in the handler chain it runs before James's hook and answers for it: a
 * failure is final (535) so the password is checked once.
 *
 * <pre>{@code
 * <handler class="org.santegateway.smtp.AuditedAuthHook"/>
 * }</pre>
 */
public class AuditedAuthHook implements AuthHook {
    static final String ACTION = "smtp.auth";
    private static final HookResult FAILED = HookResult.builder()
        .hookReturnCode(HookReturnCode.deny())
        .build();

    private final UsersRepositoryAuthHook delegate;
    private final AuditLog auditLog;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    @Inject
    public AuditedAuthHook(UsersRepository users, Authorizator authorizator, AuditLog auditLog, Pseudonyms pseudonyms, Clock clock) {
        this.delegate = new UsersRepositoryAuthHook(users, authorizator);
        this.auditLog = auditLog;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
    }

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        HookResult result = delegate.doAuth(session, username, password);
        boolean success = result.getResult().getAction() == HookReturnCode.Action.OK;
        auditLog.record(new AuditEvent(clock.instant(), "USER", pseudonyms.of(username.asString().toLowerCase(Locale.ROOT)),
            ACTION, List.of("ip:" + session.getRemoteAddress().getAddress().getHostAddress()),
            success ? "success" : "failure", success ? Optional.empty() : Optional.of("bad-credentials")));
        return success ? result : FAILED;
    }

    @Override
    public HookResult doSasl(SMTPSession session, OidcSASLConfiguration configuration, String initialResponse) {
        return delegate.doSasl(session, configuration, initialResponse);
    }
}
