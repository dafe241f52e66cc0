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
import org.santegateway.server.psc.PscSettings;

/**
 * Mailbox authentication (IMAP LOGIN and AUTHENTICATE, the webmail) with every success and
 * failure in the audit trail, the account as a keyed pseudonym. Mailboxes of a Pro Santé Connect
 * only domain ({@code psc.only.domains}) never log in with a password.
 */
public class AuditedAuthenticator implements Authenticator {
    static final String ACTION = "mailbox.auth";

    private final UserRepositoryAuthenticator delegate;
    private final AuditLog auditLog;
    private final Pseudonyms pseudonyms;
    private final Clock clock;
    private final PscSettings psc;

    @Inject
    public AuditedAuthenticator(UserRepositoryAuthenticator delegate, AuditLog auditLog, Pseudonyms pseudonyms, Clock clock, PscSettings psc) {
        this.psc = psc;
        this.delegate = delegate;
        this.auditLog = auditLog;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
    }

    @Override
    public boolean isAuthentic(Username userid, CharSequence passwd) throws MailboxException {
        if (userid.getDomainPart().map(domain -> !psc.passwordAllowed(domain.asString())).orElse(false)) {
            // A Pro Sante Connect only domain: no password is checked, whatever the path that got here
            // (AUTHENTICATE PLAIN with the credentials on a continuation line included).
            auditLog.record(new AuditEvent(clock.instant(), ActorKind.USER, pseudonyms.of(userid.asString()), ACTION, List.of(),
                CommonOutcome.REFUSED, Optional.of("psc_only")));
            return false;
        }
        boolean authentic = delegate.isAuthentic(userid, passwd);
        auditLog.record(new AuditEvent(clock.instant(), ActorKind.USER, pseudonyms.of(userid.asString()), ACTION, List.of(),
            authentic ? CommonOutcome.SUCCESS : CommonOutcome.FAILURE, authentic ? Optional.empty() : Optional.of("bad-credentials")));
        return authentic;
    }
}
