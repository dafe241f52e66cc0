package org.santegateway.server.conversation;

import org.santegateway.audit.AuditLog;
import org.santegateway.audit.LoggingAuditLog;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/** The default audit log: identifiers only, to the {@code org.santegateway.audit} logger. The tamper-evident trail overrides it. */
public class LoggingAuditModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(LoggingAuditLog.class).in(Scopes.SINGLETON);
        bind(AuditLog.class).to(LoggingAuditLog.class);
    }
}
