package org.santegateway.server.metrics;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import spark.Service;

/**
 * {@code GET /gateway/metrics}: every metric of the gateway and of James, with JVM metrics, in
 * the Prometheus text format. A WebAdmin route, so on loopback and behind the bearer token:
 * scrape it with {@code authorization: {credentials_file: ...}} in Prometheus.
 */
public class PrometheusRoutes implements Routes {
    public static final String PATH = "/gateway/metrics";

    private final PrometheusMeterRegistry registry;

    @Inject
    public PrometheusRoutes(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String getBasePath() {
        return PATH;
    }

    @Override
    public void define(Service service) {
        service.get(PATH, (request, response) -> {
            response.type("text/plain; version=0.0.4; charset=utf-8");
            return registry.scrape();
        });
    }
}
