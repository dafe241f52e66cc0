package org.santegateway.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.metrics.api.Metric;
import org.junit.jupiter.api.Test;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import reactor.core.publisher.Mono;

class MicrometerMetricFactoryTest {
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final MicrometerMetricFactory factory = new MicrometerMetricFactory(registry);

    @Test
    void generateShouldExposeAGaugeThatGoesUpAndDown() {
        Metric connections = factory.generate("SMTP-connections");
        connections.increment();
        connections.increment();
        connections.decrement();

        assertThat(factory.generate("SMTP-connections").getCount()).isEqualTo(1);
        assertThat(registry.scrape()).contains("james_SMTP_connections 1.0");
    }

    @Test
    void decrementShouldNeverGoBelowZero() {
        Metric metric = factory.generate("queue");
        metric.decrement();

        assertThat(metric.getCount()).isZero();
    }

    @Test
    void timerShouldRecordInTheRegistry() {
        factory.timer("mailet-LocalDelivery").stopAndPublish();
        Mono.from(factory.decoratePublisherWithTimerMetric("mailet-LocalDelivery", Mono.just(1))).block();

        assertThat(registry.get("james.mailet_LocalDelivery").timer().count()).isEqualTo(2);
        assertThat(registry.scrape()).contains("james_mailet_LocalDelivery_seconds_count 2.0");
    }

    @Test
    void gaugeRegistryShouldExposeJamesGauges() {
        MicrometerGaugeRegistry gauges = new MicrometerGaugeRegistry(registry);
        gauges.register("mailQueueSize:spool", () -> 7L);
        gauges.<Integer>settableGauge("settable").setValue(3);

        assertThat(registry.scrape()).contains("james_mailQueueSize_spool 7.0").contains("james_settable 3.0");
    }

    @Test
    void aGaugeNobodyElseKeepsShouldSurviveGarbageCollection() {
        MicrometerGaugeRegistry gauges = new MicrometerGaugeRegistry(registry);
        registerQueueSize(gauges, 5L);
        for (int i = 0; i < 3; i++) {
            System.gc();
        }

        assertThat(registry.scrape()).contains("james_mailQueueSize_outgoing 5.0").doesNotContain("NaN");
    }

    /** Like James's mail queues: a capturing lambda, referenced by nothing but the registry. */
    private static void registerQueueSize(MicrometerGaugeRegistry gauges, long size) {
        long[] current = {size};
        gauges.register("mailQueueSize:outgoing", () -> current[0]);
    }
}
