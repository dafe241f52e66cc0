package org.santegateway.server.metrics;

import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;

import org.apache.james.metrics.api.Gauge;
import org.apache.james.metrics.api.GaugeRegistry;

import io.micrometer.core.instrument.MeterRegistry;

/** James's {@link GaugeRegistry} on the gateway's Micrometer registry (see {@link MicrometerMetricFactory}). */
public class MicrometerGaugeRegistry implements GaugeRegistry {
    private final MeterRegistry registry;

    @Inject
    public MicrometerGaugeRegistry(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public <T> GaugeRegistry register(String name, Gauge<T> gauge) {
        // James hands over lambdas nobody else keeps (the mail queue sizes): Micrometer's default
        // weak reference would let them be collected and the gauge read NaN.
        io.micrometer.core.instrument.Gauge.builder(MicrometerMetricFactory.meterName(name), gauge, MicrometerGaugeRegistry::asDouble)
            .strongReference(true)
            .register(registry);
        return this;
    }

    @Override
    public <T> SettableGauge<T> settableGauge(String name) {
        AtomicReference<T> value = new AtomicReference<>();
        io.micrometer.core.instrument.Gauge.builder(MicrometerMetricFactory.meterName(name), value, reference -> asNumber(reference.get()))
            .strongReference(true)
            .register(registry);
        return value::set;
    }

    private static double asDouble(Gauge<?> gauge) {
        return asNumber(gauge.get());
    }

    private static double asNumber(Object value) {
        return value instanceof Number number ? number.doubleValue() : Double.NaN;
    }
}
