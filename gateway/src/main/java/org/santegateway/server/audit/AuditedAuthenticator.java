package org.santegateway.server.audit;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.adapter.mailbox.UserRepositoryAuthenticator;
import org.apache.james.core.Username;
import org.apache.james.mailbox.Authenticator;
import org.apache.james.mailbox.exception.MailboxException;
import org.santegateway.audit.ActorKind;
import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.AuditLog;
import org.santegateway.audit.CommonOutcome;
import org.santegateway.audit.Pseudonyms;

/**
 * Mailbox authentication (IMAP LOGIN and AUTHENTICATE, the webmail) with every success and
 * failure in the audit trail, the account as a keyed pseudonym.
 */
public class AuditedAuthenticator implements Authenticator {
    static final String ACTION = "mailbox.auth";

    private final UserRepositoryAuthenticator delegate;
    private final AuditLog auditLog;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    @Inject
    public AuditedAuthenticator(UserRepositoryAuthenticator delegate, AuditLog auditLog, Pseudonyms pseudonyms, Clock clock) {
        this.delegate = delegate;
        this.auditLog = auditLog;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
    }

    @Override
    public boolean isAuthentic(Username userid, CharSequence passwd) throws MailboxException {
        boolean authentic = delegate.isAuthentic(userid, passwd);
        auditLog.record(new AuditEvent(clock.instant(), ActorKind.USER, pseudonyms.of(userid.asString()), ACTION, List.of(),
            authentic ? CommonOutcome.SUCCESS : CommonOutcome.FAILURE, authentic ? Optional.empty() : Optional.of("bad-credentials")));
        return authentic;
    }
}
