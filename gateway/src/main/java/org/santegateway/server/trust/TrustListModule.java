package org.santegateway.server.trust;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

import javax.inject.Singleton;

import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.webadmin.Routes;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.startup.StartupFailure;
import org.santegateway.trust.OperatorTrust;
import org.santegateway.trust.ReloadingTrustList;
import org.santegateway.trust.TrustListException;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The trust list of {@code gateway.properties} ({@link TrustSettings}), polled for changes, with
 * its WebAdmin routes ({@link TrustListRoutes}), its health check and the gauges
 * {@value #DOMAINS_GAUGE} and {@value #SKIPPED_GAUGE}. Binds {@link OperatorTrust} for the SMTP
 * hook and the relay matcher.
 */
public class TrustListModule extends AbstractModule {
    public static final String DOMAINS_GAUGE = "gateway.trust.list.domains";
    public static final String SKIPPED_GAUGE = "gateway.trust.list.skipped.entries";

    @Override
    protected void configure() {
        bind(OperatorTrust.class).to(ReloadingTrustList.class);
        OptionalBinder.newOptionalBinder(binder(), StartupTrustList.class);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(TrustListRoutes.class);
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(TrustListHealthCheck.class);
    }

    @Provides
    @Singleton
    TrustSettings provideSettings(GatewayProperties properties, GatewaySettings settings) {
        return TrustSettings.from(properties, settings);
    }

    @Provides
    @Singleton
    ReloadingTrustList provideTrustList(TrustSettings settings, Clock clock, MeterRegistry meterRegistry,
                                        Optional<StartupTrustList> readAtStartup, PollSchedulers schedulers) {
        ScheduledExecutorService scheduler = schedulers.newScheduler("trust-list-poll");
        try {
            ReloadingTrustList trustList = ReloadingTrustList.start(settings.trustList(), clock, scheduler,
                readAtStartup.filter(read -> read.configuration().equals(settings.trustList())).map(StartupTrustList::loaded));
            registerGauges(trustList, meterRegistry);
            return trustList;
        } catch (TrustListException e) {
            scheduler.shutdownNow();
            throw new StartupFailure("Trust list not loaded, the gateway does not start: " + e.getMessage());
        }
    }

    static void registerGauges(ReloadingTrustList trustList, MeterRegistry meterRegistry) {
        Gauge.builder(DOMAINS_GAUGE, trustList, list -> list.current().domainCount())
            .description("Domains of the trust list in force, local additions included")
            .register(meterRegistry);
        Gauge.builder(SKIPPED_GAUGE, trustList, list -> list.current().skippedEntries().size())
            .description("Malformed Domaine entries of the trust list file in force, left out of the list")
            .register(meterRegistry);
    }
}
