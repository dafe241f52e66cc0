package org.santegateway.server;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

import org.apache.james.GuiceJamesServer;
import org.apache.james.modules.protocols.IMAPServerModule;
import org.apache.james.modules.protocols.ProtocolHandlerModule;
import org.apache.james.modules.protocols.SMTPServerModule;
import org.apache.james.modules.server.DataRoutesModules;
import org.apache.james.modules.server.InconsistencyQuotasSolvingRoutesModule;
import org.apache.james.modules.server.JMXServerModule;
import org.apache.james.modules.server.MailQueueRoutesModule;
import org.apache.james.modules.server.MailRepositoriesRoutesModule;
import org.apache.james.modules.server.MailboxRoutesModule;
import org.apache.james.modules.server.NoJwtModule;
import org.apache.james.modules.server.ReIndexingModule;
import org.apache.james.modules.server.SieveRoutesModule;
import org.apache.james.modules.server.WebAdminReIndexingTaskSerializationModule;
import org.apache.james.modules.server.WebAdminServerModule;
import org.apache.james.server.core.configuration.Configuration;
import org.santegateway.server.admin.WebAdminSettings;
import org.santegateway.server.audit.AuditSettings;
import org.santegateway.server.conversation.ConversationSettings;
import org.santegateway.server.directory.DirectoryCacheSettings;
import org.santegateway.server.login.MailLoginSettings;
import org.santegateway.server.psc.PscModule;
import org.santegateway.server.psc.PscSettings;
import org.santegateway.server.revocation.RevocationSettings;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.settings.NodeIdentity;
import org.santegateway.server.settings.TlsHostNames;
import org.santegateway.server.webmail.WebmailSettings;
import org.santegateway.server.admin.WebAdminAccessModule;
import org.santegateway.server.audit.AuditTrailModule;
import org.santegateway.server.audit.AuditedAccessModule;
import org.santegateway.server.conversation.ConversationModule;
import org.santegateway.server.dmp.DmpModule;
import org.santegateway.server.cluster.ClusterModule;
import org.santegateway.server.cluster.ClusterSettings;
import org.santegateway.server.imap.GatewayImapModule;
import org.santegateway.server.jmx.LoopbackRmiSocketFactory;
import org.santegateway.server.login.MailLoginModule;
import org.santegateway.server.agenda.AgendaModule;
import org.santegateway.server.fhir.FhirModule;
import org.santegateway.server.health.HealthChecksModule;
import org.santegateway.server.metrics.JamesMetricsModule;
import org.santegateway.server.metrics.MetricsModule;
import org.santegateway.server.metrics.PrometheusModule;
import org.santegateway.server.nodes.NodesModule;
import org.santegateway.server.notices.NoticeSettings;
import org.santegateway.server.notices.NoticesModule;
import org.santegateway.server.persistence.DatabaseOpening;
import org.santegateway.server.persistence.EmbeddedStorageModules;
import org.santegateway.server.startup.ConfigurationChecks;
import org.santegateway.server.startup.FirstStart;
import org.santegateway.server.outside.OutsideModule;
import org.santegateway.server.registry.RegistryModule;
import org.santegateway.server.relay.RelayModule;
import org.santegateway.server.relay.RelayRoutes;
import org.santegateway.server.relay.RelayRoutesModule;
import org.santegateway.server.smime.SmimeModule;
import org.santegateway.server.smime.SmimeSettings;
import org.santegateway.server.smtp.GatewaySmtpModule;
import org.santegateway.server.spaces.SpacesModule;
import org.santegateway.server.startup.StartupFailure;
import org.santegateway.server.operator.OperatorMaterial;
import org.santegateway.server.revocation.CrlModule;
import org.santegateway.server.trust.StartupTrustList;
import org.santegateway.server.trust.TrustListModule;
import org.santegateway.server.trust.TrustSettings;
import org.santegateway.server.trust.TrustedOperatorDomainsModule;
import org.santegateway.server.users.PatientAccountsModule;
import org.santegateway.server.webmail.AccessibilityPage;
import org.santegateway.server.webmail.WebmailModule;

import com.google.inject.Module;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.util.Modules;

/**
 * The gateway's James assembly: embedded persistent storage, SMTP and IMAP listeners, WebAdmin and
 * JMX, started from the configuration directory with the data directory as James's working
 * directory. No JMAP, POP3, LMTP or ManageSieve: nothing listens that the gateway does not secure.
 */
public final class GatewayServer {
    public static final Module PROTOCOLS = Modules.combine(
        new ProtocolHandlerModule(),
        // James's SMTP server with a line reader that refuses over-long DATA lines in one reply; here
        // and in IMAP, failed TLS handshakes and resets are one counted line.
        Modules.override(new SMTPServerModule()).with(new GatewaySmtpModule()),
        // James's IMAP server with a guard against large literals before login.
        Modules.override(new IMAPServerModule()).with(new GatewayImapModule()));

    public static final Module WEBADMIN = Modules.combine(
        new WebAdminServerModule(),
        new DataRoutesModules(),
        new MailboxRoutesModule(),
        new MailQueueRoutesModule(),
        new MailRepositoriesRoutesModule(),
        new SieveRoutesModule(),
        new InconsistencyQuotasSolvingRoutesModule(),
        // Re-indexing, for an admin after a crash or a restore (POST /mailboxes?task=reIndex).
        new ReIndexingModule(),
        new WebAdminReIndexingTaskSerializationModule(),
        // WebAdmin always has its own token key (FirstStart): never fall back to a JMAP one.
        new NoJwtModule());

    public static final Module GATEWAY = Modules.combine(
        EmbeddedStorageModules.SERVER_WITHOUT_PROTOCOLS,
        PROTOCOLS,
        WEBADMIN,
        new JMXServerModule(),
        new MetricsModule(),
        new PrometheusModule(),
        new HealthChecksModule(),
        new AuditTrailModule(),
        // SMTP and IMAP password checks off the event loops, with delays and lockouts.
        new MailLoginModule(),
        // Professionals' sign-in with Pro Sante Connect tokens (SASL XOAUTH2 / OAUTHBEARER).
        new PscModule(),
        new ConversationModule(),
        new DmpModule(),
        // The nodes sharing the database: their keys checked at start, their list.
        new NodesModule(),
        // The mailbox registry (kinds, holders, states) and its export to the national directory.
        new RegistryModule(),
        // The patient spaces' lifecycle: enrolment, objection, opening, closure, deletion.
        new SpacesModule(),
        new OutsideModule(),
        // The operators' trust space: trust list, relay TLS client, S/MIME keys.
        new TrustListModule(),
        new CrlModule(),
        new RelayModule(),
        new SmimeModule(),
        // The patients' webmail (HTTPS).
        new WebmailModule(),
        // The patients' agendas.
        new AgendaModule(),
        // Certified applications' HTTPS (IHE MHD, appointments; with a client certificate).
        new FhirModule());

    /** Replacements of bindings made by James's own modules. */
    public static final Module OVERRIDES = Modules.combine(
        // Micrometer in place of Dropwizard for every James metric.
        new JamesMetricsModule(),
        // IMAP authentication with audit records.
        new AuditedAccessModule(),
        // WebAdmin: every route behind the token, its lifetime bounded, every request audited.
        new WebAdminAccessModule(),
        // Accounts of patient domains only for a valid matricule INS.
        new PatientAccountsModule(),
        // Operator domains from the trust list (plus trusted.operator.domains).
        new TrustedOperatorDomainsModule(),
        // Static relay routes (relay.routes) in front of MX lookups.
        new RelayRoutesModule(),
        // Notices (DSN, MDN) from the configured postmaster (postmaster.address).
        new NoticesModule());

    private GatewayServer() {
    }

    /**
     * Checks the configuration and prepares the data directory (first-start generation), so that
     * James starts on valid, complete material; throws {@link StartupFailure} otherwise. Reads
     * {@code gateway.properties} once and checks every setting in it; the settings returned are
     * those to give {@link #create}.
     */
    public static GatewayProperties prepare(GatewaySettings settings, Clock clock) {
        return prepare(settings, clock, Optional.empty()).properties();
    }

    /**
     * What {@link #prepareStart} checked and read, for {@link #create(GatewaySettings, Prepared)}: the trust list, and the
     * database being opened meanwhile.
     */
    public record Prepared(GatewayProperties properties, StartupTrustList trustList, Optional<DatabaseOpening> database) {
    }

    /**
     * As {@link #prepare}, opening the database on another thread as soon as the data directory exists and keeping what
     * was read (the trust list), for the server not to do it again: give the result to {@link #create(GatewaySettings,
     * Prepared)}. When a check fails, the database is closed before the {@link StartupFailure} is thrown.
     */
    public static Prepared prepareStart(GatewaySettings settings, Clock clock) {
        return prepare(settings, clock, Optional.of(jamesConfiguration(settings)));
    }

    private static Prepared prepare(GatewaySettings settings, Clock clock, Optional<Configuration> openDatabaseOf) {
        ConfigurationChecks checks = new ConfigurationChecks(settings, clock);
        checks.checkSyntax();
        GatewayProperties properties = GatewayProperties.load(settings);
        WebAdminSettings.from(properties);
        TlsHostNames hostNames = TlsHostNames.from(properties);
        NodeIdentity.from(properties);
        FirstStart firstStart = new FirstStart(settings, checks, hostNames.names(), clock);
        firstStart.prepareDirectories();
        Optional<DatabaseOpening> database = openDatabaseOf.map(DatabaseOpening::start);
        try {
            return prepareMaterial(settings, clock, checks, properties, hostNames, firstStart, database);
        } catch (RuntimeException e) {
            database.ifPresent(DatabaseOpening::abandon);
            throw e;
        }
    }

    private static Prepared prepareMaterial(GatewaySettings settings, Clock clock, ConfigurationChecks checks, GatewayProperties properties,
                                            TlsHostNames hostNames, FirstStart firstStart, Optional<DatabaseOpening> database) {
        firstStart.prepare();
        TrustSettings trust = TrustSettings.from(properties, settings);
        StartupTrustList trustList = new StartupTrustList(trust.trustList(),
            OperatorMaterial.prepare(settings, trust, RevocationSettings.from(properties, settings, trust), hostNames, clock));
        SmimeSettings.from(properties);
        RelayRoutes.from(properties);
        NoticeSettings.from(properties, trust);
        // Read again by the modules inside James: checked here, so that a bad value stops the start before James starts.
        ConversationSettings.from(properties);
        MailLoginSettings.from(properties);
        PscSettings.from(properties, settings.configDirectory());
        WebmailSettings.from(properties);
        AccessibilityPage.from(properties);
        DirectoryCacheSettings.from(properties);
        AuditSettings.from(properties);
        if (ClusterSettings.selected(settings)) {
            ClusterSettings.from(settings, properties);
        }
        checks.checkResources();
        try {
            LoopbackRmiSocketFactory.install();
        } catch (IOException e) {
            throw new StartupFailure("jmx.properties: cannot keep JMX on loopback: " + e.getMessage(), e);
        }
        return new Prepared(properties, trustList, database);
    }

    public static Configuration jamesConfiguration(GatewaySettings settings) {
        return Configuration.builder()
            .workingDirectory(settings.dataDirectory().toFile())
            .configurationPath(new Configuration.ConfigurationPath("file://" + settings.configDirectory() + "/"))
            .build();
    }

    /**
     * The server, not started, on the settings {@link #prepare} read and checked. With {@code rabbitmq.properties}
     * in the configuration directory, a node of a cluster sharing one database: James's distributed event bus
     * replaces the in-VM one ({@link ClusterModule}).
     */
    public static GuiceJamesServer create(GatewaySettings settings, GatewayProperties properties) {
        return create(settings, properties, Optional.empty());
    }

    /** As {@link #create(GatewaySettings, GatewayProperties)}, with the trust list {@link #prepareStart} read. */
    public static GuiceJamesServer create(GatewaySettings settings, Prepared prepared) {
        return create(settings, prepared.properties(), Optional.of(prepared));
    }

    private static GuiceJamesServer create(GatewaySettings settings, GatewayProperties properties, Optional<Prepared> prepared) {
        GuiceJamesServer server = GuiceJamesServer.forConfiguration(jamesConfiguration(settings))
            .combineWith(GATEWAY, binder -> {
                binder.bind(GatewaySettings.class).toInstance(settings);
                binder.bind(GatewayProperties.class).toInstance(properties);
                binder.bind(NodeIdentity.class).toInstance(NodeIdentity.from(properties));
                prepared.ifPresent(read -> OptionalBinder.newOptionalBinder(binder, StartupTrustList.class).setBinding().toInstance(read.trustList()));
                prepared.flatMap(Prepared::database)
                    .ifPresent(opening -> OptionalBinder.newOptionalBinder(binder, DatabaseOpening.class).setBinding().toInstance(opening));
            })
            .overrideWith(OVERRIDES);
        return ClusterSettings.selected(settings) ? server.overrideWith(new ClusterModule()) : server;
    }
}
