package org.santegateway.server.health;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;
import org.santegateway.pki.PemFiles;

import reactor.core.publisher.Mono;

/**
 * Every configured TLS certificate is valid and will stay so for 30 days: unhealthy when one is
 * expired or unreadable, degraded when one expires within 30 days (time to renew).
 */
public class CertificatesHealthCheck implements HealthCheck {
    static final ComponentName COMPONENT = new ComponentName("Certificates");
    static final Duration WARNING = Duration.ofDays(30);

    private final ConfiguredCertificates certificates;
    private final Clock clock;

    @Inject
    public CertificatesHealthCheck(ConfiguredCertificates certificates, Clock clock) {
        this.certificates = certificates;
        this.clock = clock;
    }

    @Override
    public ComponentName componentName() {
        return COMPONENT;
    }

    @Override
    public Publisher<Result> check() {
        return Mono.fromCallable(this::evaluate);
    }

    private Result evaluate() {
        Instant now = clock.instant();
        List<String> expiringSoon = new ArrayList<>();
        for (ConfiguredCertificates.Entry entry : certificates.entries()) {
            X509Certificate leaf;
            try {
                leaf = PemFiles.certificates(entry.path()).get(0);
            } catch (IOException | RuntimeException e) {
                return Result.unhealthy(COMPONENT, entry.setting() + ": certificate " + entry.path() + " cannot be read");
            }
            Instant notAfter = leaf.getNotAfter().toInstant();
            if (!notAfter.isAfter(now)) {
                return Result.unhealthy(COMPONENT, entry.setting() + ": certificate expired on " + notAfter);
            }
            if (notAfter.isBefore(now.plus(WARNING))) {
                expiringSoon.add(entry.setting() + " expires on " + notAfter);
            }
        }
        if (!expiringSoon.isEmpty()) {
            return Result.degraded(COMPONENT, String.join("; ", expiringSoon));
        }
        return Result.healthy(COMPONENT);
    }
}
