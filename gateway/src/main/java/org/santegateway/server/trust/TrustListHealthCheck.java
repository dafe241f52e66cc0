package org.santegateway.server.trust;

import java.time.Clock;
import java.time.Duration;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;
import org.santegateway.trust.ReloadingTrustList;
import org.santegateway.trust.TrustListStatus;

import reactor.core.publisher.Mono;

/**
 * "Trust list loaded and fresh": healthy when the list in force is not empty and the file was
 * checked within three poll intervals; degraded when the last file read was refused (the previous
 * list is still in force: an admin must look at the new file) or the poll has stopped.
 */
public class TrustListHealthCheck implements HealthCheck {
    static final ComponentName COMPONENT = new ComponentName("TrustList");

    private final ReloadingTrustList trustList;
    private final TrustSettings settings;
    private final Clock clock;

    @Inject
    public TrustListHealthCheck(ReloadingTrustList trustList, TrustSettings settings, Clock clock) {
        this.trustList = trustList;
        this.settings = settings;
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
        TrustListStatus status = trustList.status();
        if (status.domainCount() == 0) {
            return Result.unhealthy(COMPONENT, "the trust list in force is empty");
        }
        if (status.lastRejection().isPresent()) {
            return Result.degraded(COMPONENT, "the last trust list file was refused (" + status.lastRejection().get().reason()
                + "); the list loaded at " + status.loadedAt() + " stays in force");
        }
        Duration sinceCheck = Duration.between(status.lastCheckAt(), clock.instant());
        if (sinceCheck.compareTo(settings.trustList().pollInterval().multipliedBy(3)) > 0) {
            return Result.degraded(COMPONENT, "the trust list file has not been checked since " + status.lastCheckAt());
        }
        return Result.healthy(COMPONENT);
    }
}
