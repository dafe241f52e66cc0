package org.santegateway.server.health;

import org.apache.james.core.healthcheck.HealthCheck;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;

/** The gateway's health checks, in James's WebAdmin {@code /healthcheck} route. */
public class HealthChecksModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ConfiguredCertificates.class).in(Scopes.SINGLETON);
        Multibinder<HealthCheck> healthChecks = Multibinder.newSetBinder(binder(), HealthCheck.class);
        healthChecks.addBinding().to(DatabaseHealthCheck.class);
        healthChecks.addBinding().to(CertificatesHealthCheck.class);
    }
}
