package org.santegateway.agenda;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.DateTime;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.PartStat;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.CalScale;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Method;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Version;
import net.fortuna.ical4j.validate.ValidationException;

/**
 * A patient's agenda as an iCalendar file (RFC 5545, written by ical4j) for their own calendar application: one
 * {@code VEVENT} per appointment, in UTC, with its status; the UID is stable so that a new export replaces the events
 * of the last one.
 */
public final class AgendaCalendar {
    static final String PRODUCT = "-//Sante Gateway//Agenda//FR";

    private AgendaCalendar() {
    }

    /** The calendar text (CRLF line ends, folded as RFC 5545 says). */
    public static String of(List<Appointment> appointments, Instant now) {
        Calendar calendar = new Calendar();
        calendar.getProperties().add(new ProdId(PRODUCT));
        calendar.getProperties().add(Version.VERSION_2_0);
        calendar.getProperties().add(CalScale.GREGORIAN);
        for (Appointment appointment : appointments) {
            calendar.getComponents().add(event(appointment, now));
        }
        return write(calendar);
    }

    /**
     * The patient's answer to an invitation (iTIP {@code METHOD:REPLY}, RFC 5546 section 3.2.3): the invitation's UID and
     * SEQUENCE, its organiser, and the patient as the only attendee with their PARTSTAT.
     */
    public static String reply(Appointment appointment, String patientAddress, Instant now) {
        if (appointment.source() != AppointmentSource.INVITATION) {
            throw new IllegalArgumentException("only an invitation is answered");
        }
        Calendar calendar = new Calendar();
        calendar.getProperties().add(new ProdId(PRODUCT));
        calendar.getProperties().add(Version.VERSION_2_0);
        calendar.getProperties().add(CalScale.GREGORIAN);
        calendar.getProperties().add(Method.REPLY);
        VEvent event = new VEvent(false);
        event.getProperties().add(new Uid(appointment.identifier()));
        event.getProperties().add(new Sequence(appointment.sequence()));
        event.getProperties().add(new DtStamp(utc(now)));
        event.getProperties().add(new DtStart(utc(appointment.start())));
        appointment.end().ifPresent(end -> event.getProperties().add(new DtEnd(utc(end))));
        event.getProperties().add(new Organizer(URI.create("mailto:" + appointment.author())));
        Attendee attendee = new Attendee(URI.create("mailto:" + patientAddress));
        attendee.getParameters().add(appointment.response() == PatientResponse.ACCEPTED ? PartStat.ACCEPTED : PartStat.DECLINED);
        event.getProperties().add(attendee);
        calendar.getComponents().add(event);
        return write(calendar);
    }

    private static String write(Calendar calendar) {
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(true).output(calendar, out);
        } catch (IOException | ValidationException e) {
            throw new IllegalStateException("the agenda cannot be written as iCalendar", e);
        }
        return out.toString();
    }

    private static VEvent event(Appointment appointment, Instant now) {
        VEvent event = new VEvent(false);
        event.getProperties().add(new Uid(appointment.id() + "@agenda.sante-gateway"));
        event.getProperties().add(new DtStamp(utc(now)));
        event.getProperties().add(new DtStart(utc(appointment.start())));
        appointment.end().ifPresent(end -> event.getProperties().add(new DtEnd(utc(end))));
        event.getProperties().add(new Summary("Rendez-vous : " + appointment.with()));
        appointment.place().ifPresent(place -> event.getProperties().add(new Location(place)));
        appointment.speciality().ifPresent(speciality -> event.getProperties().add(new Description(speciality)));
        event.getProperties().add(new Sequence(appointment.sequence()));
        event.getProperties().add(switch (appointment.status()) {
            case CANCELLED, ENTERED_IN_ERROR -> Status.VEVENT_CANCELLED;
            case PROPOSED, PENDING, WAITLIST -> Status.VEVENT_TENTATIVE;
            default -> Status.VEVENT_CONFIRMED;
        });
        return event;
    }

    private static DateTime utc(Instant instant) {
        DateTime time = new DateTime(Date.from(instant));
        time.setUtc(true);
        return time;
    }
}
