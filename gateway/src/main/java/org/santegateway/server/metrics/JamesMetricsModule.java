package org.santegateway.server.metrics;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/**
 * Replaces James's Dropwizard {@link MetricFactory} and {@link GaugeRegistry} with Micrometer-backed
 * ones. These are root bindings of James's CommonServicesModule: install this module with
 * {@code GuiceJamesServer.overrideWith}, not {@code combineWith}.
 */
public class JamesMetricsModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(MicrometerMetricFactory.class).in(Scopes.SINGLETON);
        bind(MicrometerGaugeRegistry.class).in(Scopes.SINGLETON);
        bind(MetricFactory.class).to(MicrometerMetricFactory.class);
        bind(GaugeRegistry.class).to(MicrometerGaugeRegistry.class);
    }
}
