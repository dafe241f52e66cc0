package org.santegateway.server.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.inject.Inject;

import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;
import org.reactivestreams.Publisher;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * James's {@link MetricFactory} on the gateway's Micrometer registry, in place of the Dropwizard
 * one, so that James's SMTP, IMAP, mailet, matcher, spool and queue metrics and the gateway's own
 * land in one registry (exposed in the Prometheus format). James metrics are named
 * {@code james.<James name>}; James's up-and-down counts become gauges, its timers timers.
 */
public class MicrometerMetricFactory implements MetricFactory {
    static final String PREFIX = "james.";

    private final MeterRegistry registry;
    private final Map<String, MicrometerMetric> metrics = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    @Inject
    public MicrometerMetricFactory(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Metric generate(String name) {
        return metrics.computeIfAbsent(name, key -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(meterName(key), value, AtomicLong::doubleValue).register(registry);
            return new MicrometerMetric(value);
        });
    }

    @Override
    public TimeMetric timer(String name) {
        Timer timer = timers.computeIfAbsent(name, key -> Timer.builder(meterName(key))
            .publishPercentileHistogram(false)
            .register(registry));
        return new MicrometerTimeMetric(name, timer, registry.config().clock().monotonicTime());
    }

    @Override
    public <T> Publisher<T> decoratePublisherWithTimerMetric(String name, Publisher<T> publisher) {
        if (publisher instanceof Mono) {
            return Mono.using(() -> timer(name), any -> Mono.from(publisher), TimeMetric::stopAndPublish);
        }
        return Flux.using(() -> timer(name), any -> publisher, TimeMetric::stopAndPublish);
    }

    @Override
    public <T> Publisher<T> decoratePublisherWithTimerMetricLogP99(String name, Publisher<T> publisher) {
        return decoratePublisherWithTimerMetric(name, publisher);
    }

    static String meterName(String jamesName) {
        return PREFIX + jamesName.replaceAll("[^A-Za-z0-9_.]", "_");
    }

    private static final class MicrometerMetric implements Metric {
        private final AtomicLong value;

        MicrometerMetric(AtomicLong value) {
            this.value = value;
        }

        @Override
        public void increment() {
            value.incrementAndGet();
        }

        @Override
        public void decrement() {
            value.updateAndGet(current -> Math.max(0, current - 1));
        }

        @Override
        public void add(int delta) {
            value.addAndGet(delta);
        }

        @Override
        public void remove(int delta) {
            value.updateAndGet(current -> Math.max(0, current - delta));
        }

        @Override
        public long getCount() {
            return value.get();
        }
    }

    private final class MicrometerTimeMetric implements TimeMetric {
        private final String name;
        private final Timer timer;
        private final long start;

        MicrometerTimeMetric(String name, Timer timer, long start) {
            this.name = name;
            this.timer = timer;
            this.start = start;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public ExecutionResult stopAndPublish() {
            Duration elapsed = Duration.ofNanos(registry.config().clock().monotonicTime() - start);
            timer.record(elapsed);
            return new ExecutionResult() {
                @Override
                public Duration elasped() {
                    return elapsed;
                }

                @Override
                public ExecutionResult logWhenExceedP99(Duration threshold) {
                    return this;
                }
            };
        }
    }
}
