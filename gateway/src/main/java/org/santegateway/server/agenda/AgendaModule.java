package org.santegateway.server.agenda;

import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.santegateway.agenda.AgendaProfiles;
import org.santegateway.agenda.AgendaStore;
import org.santegateway.agenda.PreventionEngine;
import org.santegateway.agenda.PreventionRules;
import org.santegateway.agenda.PreventionRulesException;
import org.santegateway.agenda.PreventionStatuses;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.outside.PersonalNotices;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.webmail.NotificationAddresses;
import org.santegateway.server.webmail.WebmailSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * The patients' agendas: appointments (the FHIR Appointment resource of the applications' listener, invitations), the
 * prevention rules and statuses, the reminders at personal addresses.
 */
public class AgendaModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(AgendaModule.class);

    @Override
    protected void configure() {
        bind(JpaAgendaStore.class).in(Scopes.SINGLETON);
        bind(AgendaStore.class).to(JpaAgendaStore.class);
        bind(AppointmentEndpoint.class).in(Scopes.SINGLETON);
        bind(PatientAgendas.class).in(Scopes.SINGLETON);
        bind(AgendaProfiles.class).to(PatientAgendas.class);
        bind(PreventionStatuses.class).to(PatientAgendas.class);
        bind(AgendaReminders.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    AgendaSettings provideSettings(GatewayProperties properties, GatewaySettings settings) {
        return AgendaSettings.from(properties, settings);
    }

    /** The rule table, read at start: a faulty table stops the start with the line and the problem. */
    @Provides
    @Singleton
    PreventionEngine provideEngine(AgendaSettings settings) {
        try {
            PreventionRules rules = PreventionRules.load(settings.preventionRules());
            LOGGER.info("Prevention rules {} loaded: {} rules", rules.version(), rules.rules().size());
            return new PreventionEngine(rules, PreventionEngine.DEFAULT_HORIZON);
        } catch (PreventionRulesException e) {
            throw GatewayProperties.failure(AgendaSettings.PREVENTION_RULES, e.getMessage());
        }
    }

    /** A reminder at the patient's confirmed personal address, by the outside path; it names nothing of the agenda. */
    @Provides
    @Singleton
    AgendaReminders.Sender provideSender(NotificationAddresses addresses, PatientDomains patientDomains, WebmailSettings webmail,
                                         PersonalNotices notices) {
        return (patient, kind) -> {
            Optional<String> personal = patientDomains.domains().stream()
                .map(domain -> addresses.get(Username.of(patient.matricule() + "@" + domain.asString())))
                .flatMap(Optional::stream).findFirst();
            if (personal.isEmpty()) {
                return false;
            }
            try {
                notices.send(kind, new MailAddress(personal.get()), "Rappel de votre agenda santé",
                    "Bonjour,\n\nVotre agenda santé a un rappel pour vous.\nPour le consulter, connectez-vous : " + webmail.publicUrl().resolve("agenda") + "\n\n"
                    + "Vous pouvez désactiver ces rappels sur la page de votre agenda.\n"
                    + "Ce courriel est envoyé automatiquement : n'y répondez pas.\n");
                return true;
            } catch (MessagingException e) {
                LOGGER.warn("An agenda reminder could not be queued: {}", e.getClass().getSimpleName());
                return false;
            }
        };
    }

    @ProvidesIntoSet
    InitializationOperation startReminders(AgendaReminders reminders) {
        return InitilizationOperationBuilder
            .forClass(AgendaReminders.class)
            .init(reminders::start);
    }
}
