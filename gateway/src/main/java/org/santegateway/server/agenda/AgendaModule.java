package org.santegateway.server.agenda;

import org.santegateway.agenda.AgendaStore;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/** The patients' agendas: the store and the FHIR Appointment resource of the applications' listener. */
public class AgendaModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(JpaAgendaStore.class).in(Scopes.SINGLETON);
        bind(AgendaStore.class).to(JpaAgendaStore.class);
        bind(AppointmentEndpoint.class).in(Scopes.SINGLETON);
    }
}
