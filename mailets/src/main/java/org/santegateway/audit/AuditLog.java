package org.santegateway.audit;

/**
 * Where the gateway's decisions are recorded ("who did what and when, never the content").
 * Implementations must not block mail processing for long and must keep events they accept.
 */
public interface AuditLog {
    void record(AuditEvent event);
}
