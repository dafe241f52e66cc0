package org.santegateway.server.metrics;

import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.webadmin.Routes;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/** The Prometheus WebAdmin route and the JVM metrics. */
public class PrometheusModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(PrometheusRoutes.class);
    }

    @ProvidesIntoSet
    InitializationOperation bindJvmMetrics(JvmMetrics jvmMetrics) {
        return InitilizationOperationBuilder.forClass(JvmMetrics.class).init(jvmMetrics::start);
    }
}
