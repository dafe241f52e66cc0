package org.santegateway.server.registry;

import org.apache.james.webadmin.Routes;
import org.santegateway.delivery.InactiveMailboxes;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;

import ca.uhn.fhir.context.FhirContext;

/**
 * The mailbox registry in the gateway's database, its WebAdmin routes under {@code /gateway/registry}, the directory
 * export, and the suspended or closed mailboxes the pipeline refuses mail to ({@code RecipientIsInactiveMailbox}).
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
    }

    /** HAPI's R4 context is costly to build (it scans the model classes): one for the server's life. */
    @Provides
    @Singleton
    DirectoryExport directoryExport() {
        return new DirectoryExport(FhirContext.forR4());
    }
}
