package org.santegateway.audit;

/**
 * An outcome as an audit record and a metric tag spell it ({@code opened}, {@code refused},
 * {@code signed-encrypted}...). Implemented by the enums of each concern, so that no outcome is a
 * string literal at the place it is recorded.
 */
public interface AuditOutcome {
    String tag();
}
