package org.santegateway.server.audit;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import javax.inject.Singleton;

import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.webadmin.Routes;
import org.santegateway.audit.AuditLog;
import org.santegateway.audit.OutcomeRecorder;
import org.santegateway.audit.Pseudonyms;
import org.santegateway.server.pseudonyms.HmacPseudonyms;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.settings.NodeIdentity;
import org.santegateway.server.startup.FirstStart;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import com.google.inject.name.Named;

/**
 * The tamper-evident audit trail as the gateway's {@link AuditLog} (written with the metrics by the
 * {@link OutcomeRecorder}): segments under
 * {@code <data>/var/audit/}, key in {@code <data>/conf/audit-hmac.key}, retention from
 * {@link AuditSettings}, and
 * the WebAdmin routes that verify and export it.
 */
public class AuditTrailModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(AuditLog.class).to(ChainedAuditTrail.class);
        bind(OutcomeRecorder.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(AuditRoutes.class);
    }

    @ProvidesIntoSet
    InitializationOperation startRetention(AuditRetentionJob job) {
        return InitilizationOperationBuilder.forClass(AuditRetentionJob.class).init(job::start);
    }

    @Provides
    @Singleton
    @Named("auditKey")
    byte[] auditKey(JamesDirectoriesProvider directories) {
        // James's conf directory is <data>/conf/, where the gateway keeps what it generated.
        return FirstStart.auditKey(Path.of(directories.getConfDirectory()));
    }

    @Provides
    @Singleton
    Pseudonyms pseudonyms(@Named("auditKey") byte[] key) {
        return new HmacPseudonyms(key);
    }

    @Provides
    @Singleton
    ChainedAuditTrail trail(JamesDirectoriesProvider directories, @Named("auditKey") byte[] key, NodeIdentity node, Clock clock) {
        return new ChainedAuditTrail(auditDirectory(directories), key, Optional.of(node.id()), clock);
    }

    @Provides
    @Singleton
    AuditVerifier verifier(JamesDirectoriesProvider directories, @Named("auditKey") byte[] key) {
        return new AuditVerifier(auditDirectory(directories), key);
    }

    @Provides
    @Singleton
    AuditRetention retention(ChainedAuditTrail trail, @Named("auditKey") byte[] key, GatewayProperties properties, Clock clock) {
        return new AuditRetention(trail, key, AuditSettings.from(properties).retention(), clock);
    }

    public static Path auditDirectory(JamesDirectoriesProvider directories) {
        return Path.of(directories.getVarDirectory()).resolve("audit");
    }
}
