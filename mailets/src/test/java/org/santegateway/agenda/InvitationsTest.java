package org.santegateway.agenda;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Invitations as mail clients write them, and hostile or broken ones, each refused with its reason. */
class InvitationsTest {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    static String calendar(String method, String event) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n" + (method.isEmpty() ? "" : "METHOD:" + method + "\r\n")
            + "BEGIN:VEVENT\r\n" + event + "END:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    static String event(String start) {
        return "UID:abc@example.test\r\nDTSTAMP:20261201T100000Z\r\nSEQUENCE:2\r\nORGANIZER;CN=Dr Martin:mailto:Dr.Martin@Hopital.test\r\n"
            + start + "\r\nDURATION:PT45M\r\nSUMMARY:Échographie\r\nLOCATION:Salle 3\r\n";
    }

    @Test
    void aRequestShouldGiveTheEventReadInItsZone() {
        Invitations.Reading reading = Invitations.read(calendar("REQUEST", event("DTSTART;TZID=Europe/Paris:20270315T093000")), PARIS);

        assertThat(reading).isInstanceOf(Invitations.Reading.Request.class);
        Invitations.Event event = ((Invitations.Reading.Request) reading).event();
        assertThat(event.uid()).isEqualTo("abc@example.test");
        assertThat(event.sequence()).isEqualTo(2);
        assertThat(event.organizer()).isEqualTo("dr.martin@hopital.test");
        assertThat(event.organizerName()).contains("Dr Martin");
        assertThat(event.start()).isEqualTo(Instant.parse("2027-03-15T08:30:00Z"));
        assertThat(event.end()).contains(Instant.parse("2027-03-15T09:15:00Z"));
        assertThat(event.summary()).contains("Échographie");
        assertThat(event.location()).contains("Salle 3");
        assertThat(event.recurring()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DTSTART:20270315T093000Z|2027-03-15T09:30:00Z",
        "DTSTART:20270315T093000|2027-03-15T08:30:00Z",
        "DTSTART;VALUE=DATE:20270315|2027-03-14T23:00:00Z",
        "DTSTART;TZID=America/New_York:20270315T093000|2027-03-15T13:30:00Z"})
    void timesShouldBeReadAsWritten(String start, String expected) {
        Invitations.Reading reading = Invitations.read(calendar("REQUEST", event(start)), PARIS);

        assertThat(((Invitations.Reading.Request) reading).event().start()).isEqualTo(Instant.parse(expected));
    }

    @Test
    void aCancelAndACancelledStatusShouldSaySo() {
        assertThat(Invitations.read(calendar("CANCEL", event("DTSTART:20270315T093000Z")), PARIS)).isInstanceOf(Invitations.Reading.Cancel.class);
        Invitations.Reading cancelled = Invitations.read(calendar("REQUEST", event("DTSTART:20270315T093000Z") + "STATUS:CANCELLED\r\n"), PARIS);
        assertThat(((Invitations.Reading.Request) cancelled).event().cancelled()).isTrue();
    }

    @Test
    void otherMethodsShouldBeIgnored() {
        assertThat(Invitations.read(calendar("PUBLISH", event("DTSTART:20270315T093000Z")), PARIS)).isEqualTo(new Invitations.Reading.Ignored("PUBLISH"));
        assertThat(Invitations.read(calendar("", event("DTSTART:20270315T093000Z")), PARIS)).isEqualTo(new Invitations.Reading.Ignored("none"));
    }

    @Test
    void aRecurringInvitationShouldBeFiledAtItsFirstOccurrenceWithoutExpandingIt() {
        String hostile = event("DTSTART:20270315T093000Z") + "RRULE:FREQ=SECONDLY;COUNT=100000000\r\n";

        Invitations.Reading reading = Invitations.read(calendar("REQUEST", hostile), PARIS);

        assertThat(((Invitations.Reading.Request) reading).event().recurring()).isTrue();
        assertThat(((Invitations.Reading.Request) reading).event().start()).isEqualTo(Instant.parse("2027-03-15T09:30:00Z"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "unknown zone|DTSTART;TZID=Mars/Olympus_Mons:20270315T093000|unknown_time_zone",
        "no start|SUMMARY:x|no_start",
        "ends before it starts|DTSTART:20270315T093000Z\\r\\nDTEND:20270315T083000Z|ends_before_start",
        "bad date|DTSTART:2027-03-15|calendar_unreadable"})
    void brokenEventsShouldBeRefusedWithAReason(String name, String start, String reason) {
        String text = calendar("REQUEST", "UID:abc@example.test\r\nDTSTAMP:20261201T100000Z\r\nORGANIZER:mailto:dr@hopital.test\r\n"
            + start.replace("\\r\\n", "\r\n") + "\r\n");

        assertThat(Invitations.read(text, PARIS)).as(name).isEqualTo(new Invitations.Reading.Refused(reason));
    }

    @Test
    void missingOrganizerOrUidShouldBeRefused() {
        assertThat(Invitations.read(calendar("REQUEST", "UID:a\r\nDTSTART:20270315T093000Z\r\n"), PARIS))
            .isEqualTo(new Invitations.Reading.Refused("no_organizer"));
        assertThat(Invitations.read(calendar("REQUEST", "UID:a\r\nORGANIZER:https://evil.test\r\nDTSTART:20270315T093000Z\r\n"), PARIS))
            .isEqualTo(new Invitations.Reading.Refused("organizer_not_mailto"));
        assertThat(Invitations.read(calendar("REQUEST", "ORGANIZER:mailto:a@b.test\r\nDTSTART:20270315T093000Z\r\n"), PARIS))
            .isEqualTo(new Invitations.Reading.Refused("bad_uid"));
    }

    @Test
    void hugeOrCrowdedCalendarsShouldBeRefused() {
        String crowded = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\n"
            + "BEGIN:VEVENT\r\nUID:x\r\nORGANIZER:mailto:a@b.test\r\nDTSTART:20270101T100000Z\r\nEND:VEVENT\r\n".repeat(Invitations.MAX_EVENTS + 1)
            + "END:VCALENDAR\r\n";
        assertThat(Invitations.read(crowded, PARIS)).isEqualTo(new Invitations.Reading.Refused("too_many_events"));
        assertThat(Invitations.read(calendar("REQUEST", event("DTSTART:20270315T093000Z") + "DESCRIPTION:" + "x".repeat(Invitations.MAX_BYTES)
            + "\r\n"), PARIS)).isEqualTo(new Invitations.Reading.Refused("calendar_too_large"));
        assertThat(Invitations.read("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n", PARIS)).isEqualTo(new Invitations.Reading.Refused("calendar_unreadable"));
    }

    @Test
    void controlCharactersAndOverlongTextsShouldBeCleaned() {
        Invitations.Reading reading = Invitations.read(calendar("REQUEST", event("DTSTART:20270315T093000Z").replace("SUMMARY:Échographie",
            "SUMMARY:A\u0007B " + "y".repeat(400))), PARIS);

        String summary = ((Invitations.Reading.Request) reading).event().summary().orElseThrow();
        assertThat(summary).startsWith("A").doesNotContain("\u0007").hasSize(Appointment.MAX_TEXT).endsWith("…");
    }

    @Test
    void attendeesShouldBeRemovedAsAskedAndTheRestKept() {
        String text = calendar("REQUEST", event("DTSTART:20270315T093000Z") + "ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:Patient.A@patient.test\r\n"
            + "ATTENDEE:mailto:patient.b@patient.test\r\nATTENDEE:mailto:dr.durand@hopital.test\r\n");

        String cleaned = Invitations.withoutAttendees(text, address -> address.equals("patient.b@patient.test")).orElseThrow();

        assertThat(cleaned).contains("mailto:Patient.A@patient.test").contains("mailto:dr.durand@hopital.test").doesNotContain("patient.b")
            .contains("UID:abc@example.test").contains("ORGANIZER");
        assertThat(Invitations.withoutAttendees(text, address -> false)).isEmpty();
        assertThat(Invitations.withoutAttendees("not a calendar", address -> true)).isEmpty();
    }
}
