package org.santegateway.server.audit;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.santegateway.audit.ActorKind;
import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.AuditLog;
import org.santegateway.audit.CommonOutcome;
import org.santegateway.audit.Pseudonyms;
import org.santegateway.server.logging.LogMasking;

import spark.HaltException;
import spark.Request;
import spark.Response;

/**
 * WebAdmin's token check with an audit record for every request: refused (no or bad token) or
 * accepted, with the admin's pseudonym, the method and the path (addresses in it masked). Every
 * admin change therefore leaves a trace, and so do failed attempts.
 */
public class AuditedAuthenticationFilter implements AuthenticationFilter {
    static final String ACTION = "webadmin.request";

    private final AuthenticationFilter delegate;
    private final AuditLog auditLog;
    private final Pseudonyms pseudonyms;
    private final LogMasking masking;
    private final Clock clock;

    public AuditedAuthenticationFilter(AuthenticationFilter delegate, AuditLog auditLog, Pseudonyms pseudonyms, LogMasking masking, Clock clock) {
        this.delegate = delegate;
        this.auditLog = auditLog;
        this.pseudonyms = pseudonyms;
        this.masking = masking;
        this.clock = clock;
    }

    @Override
    public void handle(Request request, Response response) throws Exception {
        String target = request.requestMethod() + " " + masking.mask(request.pathInfo());
        try {
            delegate.handle(request, response);
        } catch (HaltException refused) {
            auditLog.record(new AuditEvent(clock.instant(), ActorKind.ADMIN, "unauthenticated", ACTION, List.of(target),
                CommonOutcome.REFUSED, Optional.of("http-" + refused.statusCode())));
            throw refused;
        }
        Object login = request.attribute(LOGIN);
        auditLog.record(new AuditEvent(clock.instant(), ActorKind.ADMIN, login == null ? "-" : pseudonyms.of(login.toString()), ACTION,
            List.of(target), CommonOutcome.ACCEPTED, Optional.empty()));
    }
}
