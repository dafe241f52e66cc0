package org.santegateway.audit;

import java.util.Locale;

/** Outcomes shared by several concerns (logins, WebAdmin requests, DMP access). */
public enum CommonOutcome implements AuditOutcome {
    SUCCESS, FAILURE, ACCEPTED, REFUSED, GRANTED, DENIED, REVOKED, LOCKED;

    @Override
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
