package org.santegateway.server.revocation;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

import javax.inject.Singleton;

import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.webadmin.Routes;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.pki.RevocationPolicy;
import org.santegateway.server.trust.PollSchedulers;
import org.santegateway.server.trust.TrustSettings;
import org.santegateway.trust.CrlException;
import org.santegateway.trust.OperatorCertificateRevocation;
import org.santegateway.trust.ReloadingCrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The CRLs of {@code smime.crls} ({@link RevocationSettings}), polled for changes, with their
 * WebAdmin routes ({@link CrlRoutes}), their health check ({@link CrlHealthCheck}) and the gauge
 * {@value #NEXT_UPDATE_GAUGE} (when CRL files are configured). Binds {@link ReloadingCrls} for the S/MIME verification and
 * {@link OperatorCertificateRevocation} for the operators' TLS, both ways.
 */
public class CrlModule extends AbstractModule {
    public static final String NEXT_UPDATE_GAUGE = "gateway.crl.next.update.days";
    private static final Logger LOGGER = LoggerFactory.getLogger(CrlModule.class);

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(CrlRoutes.class);
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(CrlHealthCheck.class);
    }

    @Provides
    @Singleton
    RevocationSettings provideSettings(GatewayProperties properties, GatewaySettings settings, TrustSettings trust) {
        return RevocationSettings.from(properties, settings, trust);
    }

    @Provides
    @Singleton
    @Intermediates
    List<X509Certificate> provideIntermediates(TrustSettings trust, RevocationSettings settings) {
        return settings.intermediates(trust.anchorCertificates());
    }

    @Provides
    @Singleton
    ReloadingCrls provideCrls(TrustSettings trust, RevocationSettings settings, @Intermediates List<X509Certificate> intermediates,
                              Clock clock, MeterRegistry meterRegistry, PollSchedulers schedulers) {
        List<X509Certificate> issuers = new ArrayList<>(trust.anchorCertificates());
        issuers.addAll(intermediates);
        ScheduledExecutorService scheduler = schedulers.newScheduler("crl-poll");
        ReloadingCrls crls;
        try {
            crls = ReloadingCrls.start(settings.crls(), issuers, clock, scheduler, settings.pollInterval());
        } catch (CrlException e) {
            scheduler.shutdownNow();
            throw GatewayProperties.failure(TrustSettings.SMIME_CRLS, "CRL file refused, the gateway does not start: "
                + e.getMessage());
        }
        if (settings.crls().isEmpty()) {
            scheduler.shutdownNow();
        } else {
            // Every configured file holds at least one CRL: the gauge always has a value (no series without CRL file).
            Gauge.builder(NEXT_UPDATE_GAUGE, crls, reloading -> daysUntil(reloading.status().earliestNextUpdate(), clock.instant()))
                .description("Days until the earliest nextUpdate of the CRLs in force (negative once past)")
                .baseUnit("days")
                .register(meterRegistry);
        }
        if (settings.crlRequired() && settings.crls().isEmpty()) {
            LOGGER.warn("Revocation is required ({}={}, {}={}) but {} names no CRL file: certificates will be refused",
                TrustSettings.SMIME_REVOCATION, policyName(settings.smime()), RevocationSettings.OPERATORS_REVOCATION,
                policyName(settings.operators()), TrustSettings.SMIME_CRLS);
        }
        return crls;
    }

    @Provides
    @Singleton
    OperatorCertificateRevocation provideOperatorRevocation(TrustSettings trust, RevocationSettings settings,
                                                            @Intermediates List<X509Certificate> intermediates,
                                                            ReloadingCrls crls, Clock clock) {
        if (settings.operators() == RevocationPolicy.NONE) {
            LOGGER.warn("Operators' TLS certificates are not checked for revocation ({}=none)", RevocationSettings.OPERATORS_REVOCATION);
        }
        return new OperatorCertificateRevocation(settings.operators(), trust.anchorCertificates(), intermediates, crls::crls, clock);
    }

    static double daysUntil(Optional<Instant> instant, Instant now) {
        return instant.map(at -> Duration.between(now, at).toSeconds() / 86_400.0).orElse(Double.NaN);
    }

    static String policyName(RevocationPolicy policy) {
        return policy == RevocationPolicy.REQUIRE_CRL ? "crl" : "none";
    }
}
