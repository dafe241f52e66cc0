package org.santegateway.audit;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link AuditLog}: one INFO line per event on the {@code org.santegateway.audit}
 * logger, identifiers only (hashed actor, hashed Message-ID, conversation id, outcome, reason code).
 * The tamper-evident trail replaces it.
 */
public class LoggingAuditLog implements AuditLog {
    private static final Logger LOGGER = LoggerFactory.getLogger("org.santegateway.audit");

    @Inject
    public LoggingAuditLog() {
    }

    @Override
    public void record(AuditEvent event) {
        LOGGER.info("audit at={} actor={}:{} action={} objects={} outcome={} reason={}",
            event.at(), event.actorRole(), event.actorId(), event.action(), event.objectIds(),
            event.outcome(), event.reason().orElse("-"));
    }
}
