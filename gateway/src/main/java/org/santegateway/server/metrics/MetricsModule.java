package org.santegateway.server.metrics;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/** The gateway's Micrometer registry, in the Prometheus format (exposed by another module). */
public class MetricsModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(PrometheusMeterRegistry.class).toInstance(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        bind(MeterRegistry.class).to(PrometheusMeterRegistry.class).in(Scopes.SINGLETON);
    }
}
