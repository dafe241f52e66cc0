package org.santegateway.server.revocation;

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
import org.santegateway.trust.CrlStatus;
import org.santegateway.trust.ReloadingCrls;

import reactor.core.publisher.Mono;

/**
 * "CRLs current": unhealthy when revocation is required ({@code crl}) and a CRL in force is past
 * its nextUpdate, or no CRL file is configured (fail closed: signed mail and operators certified
 * by that CA are refused until the file is refreshed); degraded when a CRL is past its nextUpdate
 * while no check requires it, when one reaches its nextUpdate within {@link #WARNING} (the
 * refresh job is late), or when a file was refused (what it held before stays in force).
 */
public class CrlHealthCheck implements HealthCheck {
    static final ComponentName COMPONENT = new ComponentName("CRLs");
    static final Duration WARNING = Duration.ofHours(24);

    private final ReloadingCrls crls;
    private final RevocationSettings settings;
    private final Clock clock;

    @Inject
    public CrlHealthCheck(ReloadingCrls crls, RevocationSettings settings, Clock clock) {
        this.crls = crls;
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

    Result evaluate() {
        Instant now = clock.instant();
        CrlStatus status = crls.status();
        if (settings.crlRequired() && status.crls().isEmpty()) {
            return Result.unhealthy(COMPONENT, "revocation is required (crl) but no CRL is configured: certificates are refused");
        }
        List<String> expired = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (CrlStatus.Crl crl : status.crls()) {
            String next = crl.nextUpdate().map(Instant::toString).orElse("none");
            if (!crl.isCurrentAt(now)) {
                expired.add("the CRL of " + crl.issuer() + " is past its nextUpdate " + next);
            } else if (crl.nextUpdate().get().isBefore(now.plus(WARNING))) {
                warnings.add("the CRL of " + crl.issuer() + " reaches its nextUpdate " + next + " within " + WARNING.toHours() + " hours");
            }
        }
        for (CrlStatus.Rejection rejection : status.rejections()) {
            warnings.add("CRL file refused: " + rejection.message());
        }
        if (!expired.isEmpty() && settings.crlRequired()) {
            return Result.unhealthy(COMPONENT, String.join("; ", expired)
                + " (fail closed: certificates of that CA are refused until the CRL is refreshed)");
        }
        warnings.addAll(0, expired);
        if (!warnings.isEmpty()) {
            return Result.degraded(COMPONENT, String.join("; ", warnings));
        }
        return Result.healthy(COMPONENT);
    }
}
