package org.santegateway.server.registry;

import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.webadmin.Routes;
import org.santegateway.delivery.InactiveMailboxes;
import org.santegateway.login.CertificateLogins;
import org.santegateway.login.MailboxActivity;
import org.santegateway.server.settings.GatewayProperties;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.multibindings.ProvidesIntoSet;

import ca.uhn.fhir.context.FhirContext;

/**
 * The mailbox registry in the gateway's database, its WebAdmin routes under {@code /gateway/registry}, the directory
 * export, the suspended or closed mailboxes the pipeline refuses mail to ({@code RecipientIsInactiveMailbox}), and the
 * inactivity rule ({@link InactivityJob}) with the logins it counts from ({@link RegistryMailboxActivity}).
 */
public class RegistryModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(JpaMailboxRegistry.class).in(Scopes.SINGLETON);
        bind(MailboxRegistry.class).to(JpaMailboxRegistry.class);
        bind(MailboxRegistrations.class).in(Scopes.SINGLETON);
        bind(RegistryAudit.class).in(Scopes.SINGLETON);
        bind(InactiveMailboxes.class).to(RegistryInactiveMailboxes.class);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(RegistryRoutes.class);
        bind(InactivityJob.class).in(Scopes.SINGLETON);
        bind(JpaApplications.class).in(Scopes.SINGLETON);
        bind(ApplicationCatalogue.class).in(Scopes.SINGLETON);
        bind(RegistryCertificateLogins.class).in(Scopes.SINGLETON);
        OptionalBinder.newOptionalBinder(binder(), CertificateLogins.class).setBinding().to(RegistryCertificateLogins.class);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(ApplicationRoutes.class);
        OptionalBinder.newOptionalBinder(binder(), MailboxActivity.class).setBinding().to(RegistryMailboxActivity.class);
    }

    @Provides
    @Singleton
    InactivitySettings inactivitySettings(GatewayProperties properties) {
        return InactivitySettings.from(properties);
    }

    @ProvidesIntoSet
    InitializationOperation startInactivityJob(InactivityJob job) {
        return InitilizationOperationBuilder
            .forClass(InactivityJob.class)
            .init(job::start);
    }

    @Provides
    @Singleton
    DirectoryExport directoryExport(FhirContext fhir) {
        return new DirectoryExport(fhir);
    }
}
