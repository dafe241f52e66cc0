package org.santegateway.agenda;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.DateTime;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.Cn;
import net.fortuna.ical4j.model.property.DateProperty;
import net.fortuna.ical4j.model.property.Method;

/**
 * Reads a professional's invitation (iTIP, RFC 5546: {@code METHOD:REQUEST} or {@code CANCEL}) with ical4j, within
 * limits that keep a hostile calendar harmless: its size, the number of components, the length of each text. Nothing
 * is expanded: a recurring invitation is filed at its first occurrence. A time given with a time zone the calendar
 * does not define and the JDK does not know is refused; a floating time is read in the patient's zone (Paris).
 */
public final class Invitations {
    public static final int MAX_BYTES = 256 * 1024;
    public static final int MAX_EVENTS = 20;
    public static final int MAX_COMPONENTS = 60;
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    /** What an invitation says. */
    public record Event(String uid, int sequence, String organizer, Optional<String> organizerName, boolean cancelled, Instant start,
                        Optional<Instant> end, Optional<String> summary, Optional<String> location, boolean recurring) {
    }

    /** What became of reading a calendar. */
    public sealed interface Reading {
        /** An invitation or its update. */
        record Request(Event event) implements Reading {
        }

        /** The organiser cancels. */
        record Cancel(Event event) implements Reading {
        }

        /** Another iTIP method (PUBLISH, REPLY, ...): not an invitation to the patient. */
        record Ignored(String method) implements Reading {
        }

        /** Refused, with a reason fit for the audit trail and the sender. */
        record Refused(String reason) implements Reading {
        }
    }

    private Invitations() {
    }

    public static Reading read(String text, ZoneId zone) {
        if (text.length() > MAX_BYTES) {
            return new Reading.Refused("calendar_too_large");
        }
        Calendar calendar;
        try {
            calendar = new CalendarBuilder().build(new StringReader(text));
        } catch (IOException | ParserException | RuntimeException e) {
            return new Reading.Refused("calendar_unreadable");
        }
        if (calendar.getComponents().size() > MAX_COMPONENTS) {
            return new Reading.Refused("too_many_components");
        }
        List<VEvent> events = calendar.getComponents(Component.VEVENT);
        if (events.size() > MAX_EVENTS) {
            return new Reading.Refused("too_many_events");
        }
        Method method = calendar.getMethod();
        String name = method == null ? "" : method.getValue().toUpperCase(Locale.ROOT);
        if (!name.equals("REQUEST") && !name.equals("CANCEL")) {
            return new Reading.Ignored(name.isEmpty() ? "none" : name);
        }
        Optional<VEvent> master = events.stream().filter(event -> event.getRecurrenceId() == null).findFirst()
            .or(() -> events.stream().findFirst());
        if (master.isEmpty()) {
            return new Reading.Refused("no_event");
        }
        try {
            Event event = event(master.get(), zone);
            return name.equals("CANCEL") ? new Reading.Cancel(event) : new Reading.Request(event);
        } catch (IllegalArgumentException e) {
            return new Reading.Refused(e.getMessage());
        }
    }

    /**
     * The calendar without the attendees {@code drop} names (by their lower-cased address), or empty when it names none
     * or the calendar cannot be read: so that an invitation a professional sent each patient apart does not show a
     * patient who else was invited.
     */
    public static Optional<String> withoutAttendees(String text, java.util.function.Predicate<String> drop) {
        if (text.length() > MAX_BYTES) {
            return Optional.empty();
        }
        Calendar calendar;
        try {
            calendar = new CalendarBuilder().build(new StringReader(text));
        } catch (IOException | ParserException | RuntimeException e) {
            return Optional.empty();
        }
        boolean changed = false;
        for (Component component : calendar.getComponents()) {
            List<Property> attendees = new java.util.ArrayList<>(component.getProperties(Property.ATTENDEE));
            for (Property attendee : attendees) {
                URI address = ((net.fortuna.ical4j.model.property.Attendee) attendee).getCalAddress();
                String mailbox = address == null || address.getSchemeSpecificPart() == null ? "" : address.getSchemeSpecificPart().strip().toLowerCase(Locale.ROOT);
                if (drop.test(mailbox)) {
                    component.getProperties().remove(attendee);
                    changed = true;
                }
            }
        }
        if (!changed) {
            return Optional.empty();
        }
        java.io.StringWriter out = new java.io.StringWriter();
        try {
            new net.fortuna.ical4j.data.CalendarOutputter(false).output(calendar, out);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(out.toString());
    }

    private static Event event(VEvent event, ZoneId zone) {
        String uid = event.getUid() == null ? "" : event.getUid().getValue().strip();
        if (uid.isEmpty() || uid.length() > 255) {
            throw new IllegalArgumentException("bad_uid");
        }
        int sequence = event.getSequence() == null ? 0 : event.getSequence().getSequenceNo();
        if (sequence < 0) {
            throw new IllegalArgumentException("bad_sequence");
        }
        if (event.getOrganizer() == null || event.getOrganizer().getCalAddress() == null) {
            throw new IllegalArgumentException("no_organizer");
        }
        URI organizer = event.getOrganizer().getCalAddress();
        if (!"mailto".equalsIgnoreCase(organizer.getScheme()) || organizer.getSchemeSpecificPart() == null) {
            throw new IllegalArgumentException("organizer_not_mailto");
        }
        Optional<String> organizerName = Optional.ofNullable((Cn) event.getOrganizer().getParameter(Parameter.CN))
            .map(Cn::getValue).flatMap(Invitations::text);
        if (event.getStartDate() == null) {
            throw new IllegalArgumentException("no_start");
        }
        Instant start = instant(event.getStartDate(), zone);
        Optional<Instant> end = event.getEndDate(true) == null ? Optional.empty() : Optional.of(instant(event.getEndDate(true), zone));
        if (end.isPresent() && end.get().isBefore(start)) {
            throw new IllegalArgumentException("ends_before_start");
        }
        boolean cancelled = event.getStatus() != null && "CANCELLED".equalsIgnoreCase(event.getStatus().getValue());
        return new Event(uid, sequence, organizer.getSchemeSpecificPart().strip().toLowerCase(Locale.ROOT), organizerName, cancelled, start, end,
            Optional.ofNullable(event.getSummary()).map(Property::getValue).flatMap(Invitations::text),
            Optional.ofNullable(event.getLocation()).map(Property::getValue).flatMap(Invitations::text),
            event.getProperty(Property.RRULE) != null || event.getProperty(Property.RDATE) != null);
    }

    private static Instant instant(DateProperty property, ZoneId zone) {
        net.fortuna.ical4j.model.Date value = property.getDate();
        if (value == null) {
            throw new IllegalArgumentException("bad_date");
        }
        boolean hasZoneParameter = property.getParameter(Parameter.TZID) != null;
        if (value instanceof DateTime time) {
            if (time.isUtc() || time.getTimeZone() != null) {
                return time.toInstant();
            }
            if (hasZoneParameter) {
                String id = property.getParameter(Parameter.TZID).getValue();
                try {
                    return LocalDateTime.parse(property.getValue(), LOCAL).atZone(ZoneId.of(id)).toInstant();
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("unknown_time_zone");
                }
            }
            try {
                return LocalDateTime.parse(property.getValue(), LOCAL).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("bad_date");
            }
        }
        try {
            return LocalDate.parse(property.getValue(), DAY).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad_date");
        }
    }

    private static Optional<String> text(String value) {
        String cleaned = value == null ? "" : value.replaceAll("\\p{Cntrl}", " ").strip();
        if (cleaned.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(cleaned.length() > Appointment.MAX_TEXT ? cleaned.substring(0, Appointment.MAX_TEXT - 1) + "…" : cleaned);
    }
}
