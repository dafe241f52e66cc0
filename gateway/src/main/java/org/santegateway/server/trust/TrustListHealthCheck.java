package org.santegateway.server.trust;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;
import org.santegateway.trust.ReloadingTrustList;
import org.santegateway.trust.TrustListStatus;

import reactor.core.publisher.Mono;

/**
 * "Trust list loaded and fresh": healthy when a list is in force and the file on disk is that list
 * or a newer one it loaded; degraded when the last file read was refused (the previous list is
 * still in force: an admin must look at the new file); unhealthy if the list in force were empty.
 * The age of the ANS data (latest {@code DateMAJ}) is in {@code GET /gateway/trust-list}.
 */
public class TrustListHealthCheck implements HealthCheck {
    static final ComponentName COMPONENT = new ComponentName("TrustList");

    private final ReloadingTrustList trustList;

    @Inject
    public TrustListHealthCheck(ReloadingTrustList trustList) {
        this.trustList = trustList;
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
        return Result.healthy(COMPONENT);
    }
}
