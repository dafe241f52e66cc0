package org.santegateway.server.trust;

import java.util.ArrayList;
import java.util.List;

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
 * still in force: an admin must look at the new file) or when the file in force had malformed
 * entries that were skipped ("3 entries skipped": their domains are not trusted for that operator;
 * the positions are in the log and in {@code GET /gateway/trust-list}, the ANS is the one to fix
 * them); unhealthy if the list in force were empty. Degraded answers 200 on James's
 * {@code /healthcheck} like healthy, with the detail. The age of the ANS data (latest
 * {@code DateMAJ}) is in {@code GET /gateway/trust-list}.
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

    Result evaluate() {
        TrustListStatus status = trustList.status();
        if (status.domainCount() == 0) {
            return Result.unhealthy(COMPONENT, "the trust list in force is empty");
        }
        List<String> warnings = new ArrayList<>();
        if (status.lastRejection().isPresent()) {
            warnings.add("the last trust list file was refused (" + status.lastRejection().get().reason()
                + "); the list loaded at " + status.loadedAt() + " stays in force");
        }
        int skipped = status.skipped().size();
        if (skipped > 0) {
            warnings.add(skipped + (skipped == 1 ? " entry" : " entries") + " skipped in the trust list in force (malformed; "
                + "positions in the log and GET " + TrustListRoutes.BASE_PATH + ")");
        }
        if (!warnings.isEmpty()) {
            return Result.degraded(COMPONENT, String.join("; ", warnings));
        }
        return Result.healthy(COMPONENT);
    }
}
