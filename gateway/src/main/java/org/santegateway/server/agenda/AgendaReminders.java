package org.santegateway.server.agenda;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.lifecycle.api.Startable;
import org.santegateway.agenda.Appointment;
import org.santegateway.agenda.AppointmentSource;
import org.santegateway.agenda.PreventionEngine;
import org.santegateway.agenda.PreventionItem;
import org.santegateway.agenda.PreventionPatient;
import org.santegateway.dmp.Ins;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Sends the agenda's reminders: the day before an appointment (Paris time), on the day of a reminder the patient wrote to
 * themselves, and when a prevention item comes due, a
 * notice at the patient's personal address that says nothing of the appointment or the item (where, with whom, which
 * vaccine): only that the agenda has something for them. Once each: a reminder's key is claimed in the database before
 * it goes. Patients who turned reminders off get none. Runs every {@code agenda.reminders.check.period}, and in tests at
 * a chosen instant ({@link #runOnce(Instant)}).
 */
public class AgendaReminders implements Startable {
    /** Sends one content-free reminder to a patient; false when they have no confirmed personal address. */
    @FunctionalInterface
    public interface Sender {
        boolean remind(Ins patient, String kind);
    }

    /** What a run sent. */
    public record Run(int appointments, int prevention) {
    }

    static final ZoneId PATIENTS_ZONE = ZoneId.of("Europe/Paris");
    /** Items that came due while the job was not running are still reminded, up to this many days late. */
    static final int CATCH_UP_DAYS = 7;
    private static final Logger LOGGER = LoggerFactory.getLogger(AgendaReminders.class);

    private final JpaAgendaStore appointments;
    private final PatientAgendas agendas;
    private final PreventionEngine engine;
    private final Sender sender;
    private final AgendaSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ScheduledExecutorService scheduler;

    @Inject
    public AgendaReminders(JpaAgendaStore appointments, PatientAgendas agendas, PreventionEngine engine, Sender sender, AgendaSettings settings,
                           Clock clock, MeterRegistry meters) {
        this.appointments = appointments;
        this.agendas = agendas;
        this.engine = engine;
        this.sender = sender;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "agenda-reminders");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        long period = settings.remindersPeriod().toMillis();
        scheduler.scheduleWithFixedDelay(this::runLogged, Math.min(period, 60_000), period, TimeUnit.MILLISECONDS);
    }

    private void runLogged() {
        try {
            Run run = runOnce(clock.instant());
            if (run.appointments() + run.prevention() > 0) {
                LOGGER.info("Agenda reminders: {} appointment(s), {} prevention item(s)", run.appointments(), run.prevention());
            }
        } catch (RuntimeException e) {
            LOGGER.error("The agenda reminders failed; next try in {}", settings.remindersPeriod(), e);
        }
    }

    public Run runOnce(Instant now) {
        LocalDate today = now.atZone(PATIENTS_ZONE).toLocalDate();
        int appointmentReminders = 0;
        Instant tomorrow = today.plusDays(1).atStartOfDay(PATIENTS_ZONE).toInstant();
        Instant afterTomorrow = today.plusDays(2).atStartOfDay(PATIENTS_ZONE).toInstant();
        Instant todayStart = today.atStartOfDay(PATIENTS_ZONE).toInstant();
        for (Appointment appointment : appointments.startingBetween(todayStart, afterTomorrow)) {
            // An appointment the day before; a reminder the patient wrote to themselves, on its day.
            boolean own = appointment.source() == AppointmentSource.PATIENT_REMINDER;
            boolean due = own ? appointment.start().isBefore(tomorrow) : !appointment.start().isBefore(tomorrow);
            if (due && appointment.status().active() && agendas.remindersOn(appointment.patient())
                && send(appointment.patient(), own ? "agenda-personal" : "agenda-appointment",
                    "appointment|" + appointment.id() + "|" + appointment.start().toEpochMilli())) {
                appointmentReminders++;
            }
        }
        int preventionReminders = 0;
        for (Map.Entry<Ins, LocalDate> patient : agendas.remindedPatients().entrySet()) {
            Optional<PreventionPatient> profile = profile(patient.getKey(), patient.getValue());
            if (profile.isEmpty()) {
                continue;
            }
            var marks = agendas.marksOf(patient.getKey());
            for (int late = CATCH_UP_DAYS; late >= 0; late--) {
                LocalDate day = today.minusDays(late);
                List<PreventionItem> due = engine.comingDue(profile.get(), marks, day);
                for (PreventionItem item : due) {
                    if (send(patient.getKey(), "agenda-prevention", "prevention|" + patient.getKey().matricule() + "|" + item.key() + "|" + item.due())) {
                        preventionReminders++;
                    }
                }
            }
        }
        return new Run(appointmentReminders, preventionReminders);
    }

    private static Optional<PreventionPatient> profile(Ins patient, LocalDate birthDate) {
        try {
            return Optional.of(PreventionPatient.fromIns(patient.matricule(), birthDate));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Claims the key, then sends; a claimed reminder whose sending failed is not sent again (a reminder is not worth a double). */
    private boolean send(Ins patient, String kind, String key) {
        if (!agendas.claimReminder(key)) {
            return false;
        }
        boolean sent = sender.remind(patient, kind);
        Counter.builder("gateway.agenda.reminders").description("Agenda reminders at patients' personal addresses")
            .tag("kind", kind).tag("outcome", sent ? "sent" : "no_address").register(meters).increment();
        return sent;
    }

    @PreDestroy
    public void stop() {
        scheduler.shutdownNow();
    }
}
