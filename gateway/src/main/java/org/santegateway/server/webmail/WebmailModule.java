package org.santegateway.server.webmail;

import java.time.Clock;

import javax.inject.Singleton;
import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.events.EventListener;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.webadmin.Routes;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.santegateway.audit.ActorKind;
import org.santegateway.audit.AuditLog;
import org.santegateway.audit.Pseudonyms;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.dmp.DmpStore;
import org.santegateway.notices.PersonalAddressFailures;
import org.santegateway.server.login.LoginThrottle;
import org.santegateway.server.outside.PersonalNotices;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.spaces.NoticeAddresses;
import org.santegateway.server.spaces.PatientSpaces;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * The patient webmail: its HTTPS server started with James, its settings from
 * {@code gateway.properties} ({@link WebmailSettings}), the new-message notifier on James's event
 * bus. The DMP store is optional: the document pages work once a module binds {@link DmpStore}.
 */
public class WebmailModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(WebmailServer.class).in(Scopes.SINGLETON);
        bind(WebmailSessions.class).in(Scopes.SINGLETON);
        bind(PatientMessages.class).in(Scopes.SINGLETON);
        bind(PatientConversations.class).in(Scopes.SINGLETON);
        bind(PatientMailSender.class).in(Scopes.SINGLETON);
        bind(NotificationAddresses.class).in(Scopes.SINGLETON);

        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(NotificationAddressesRoutes.class);
        bind(LoginPages.class).in(Scopes.SINGLETON);
        bind(ConversationPages.class).in(Scopes.SINGLETON);
        bind(AttachmentPages.class).in(Scopes.SINGLETON);
        bind(NewMessagePages.class).in(Scopes.SINGLETON);
        bind(NotificationPages.class).in(Scopes.SINGLETON);
        bind(DocumentPages.class).in(Scopes.SINGLETON);
        bind(WebmailPages.class).in(Scopes.SINGLETON);
        OptionalBinder.newOptionalBinder(binder(), DmpStore.class);
        Multibinder.newSetBinder(binder(), EventListener.GroupEventListener.class).addBinding().to(NewMessageNotifier.class);
    }

    @Provides
    @Singleton
    WebmailSettings provideSettings(GatewayProperties properties) {
        return WebmailSettings.from(properties);
    }

    @Provides
    @Singleton
    PersonalNotices providePersonalNotices(WebmailSettings settings, MailQueueFactory<?> queues) throws AddressException {
        return new PersonalNotices(new MailAddress(settings.notificationSender()), queues);
    }

    /**
     * A personal address whose mail server refused a notice for good: failing for the patient's notifications, and a
     * space still waiting for its objection window or its activation gets its next letter by post.
     */
    @Provides
    @Singleton
    PersonalAddressFailures providePersonalAddressFailures(NotificationAddresses addresses, PatientSpaces spaces) {
        return address -> {
            addresses.failed(address);
            spaces.noticeFailed(address);
        };
    }

    /** The address a patient space's activation code reached becomes the confirmed notification address. */
    @Provides
    @Singleton
    NoticeAddresses provideNoticeAddresses(NotificationAddresses addresses) {
        return addresses::set;
    }

    /** The confirmation link of a personal address, sent by the notices' own path. */
    @Provides
    @Singleton
    ConfirmationNotices provideConfirmationNotices(PersonalNotices notices, WebmailSettings settings) {
        String base = settings.publicUrl().toString();
        String page = (base.endsWith("/") ? base : base + "/") + "notifications/confirmer?jeton=";
        return (personal, token) -> notices.send("address-confirmation", personal, "Confirmez votre adresse",
            "Bonjour,\n\nPour recevoir sur cette adresse les notifications de votre messagerie santé, ouvrez ce lien dans les "
                + NotificationAddresses.CONFIRMATION_VALIDITY.toDays() + " jours :\n\n" + page + token + "\n\n"
                + "Si vous n'avez rien demandé, ignorez ce courriel : aucune notification ne sera envoyée.\n\n"
                + "Ce courriel est envoyé automatiquement : n'y répondez pas.\n");
    }

    @Provides
    @Singleton
    AccessibilityPage provideAccessibilityPage(GatewayProperties properties) {
        return AccessibilityPage.from(properties);
    }

    @Provides
    @Singleton
    LoginThrottle provideLoginThrottle(WebmailSettings settings, PatientDomains patientDomains, AuditLog auditLog, Pseudonyms pseudonyms,
                                       Clock clock) {
        // Patients sign in here; anyone else trying (a professional with their mail password) is audited as a user.
        return new LoginThrottle(settings.loginPolicy(), "webmail", login -> {
            int at = login.lastIndexOf('@');
            try {
                return at > 0 && patientDomains.contains(Domain.of(login.substring(at + 1))) ? ActorKind.PATIENT : ActorKind.USER;
            } catch (IllegalArgumentException e) {
                return ActorKind.USER;
            }
        }, auditLog, pseudonyms, clock);
    }

    @ProvidesIntoSet
    InitializationOperation startWebmail(WebmailServer server) {
        return InitilizationOperationBuilder
            .forClass(WebmailServer.class)
            .init(server::start);
    }
}
