package org.santegateway.server.agenda;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A patient's agenda settings: the exact birth date (ISO), reminders on or off. */
@Entity(name = "GatewayAgendaPatient")
@Table(name = "GATEWAY_AGENDA_PATIENT")
public class JpaAgendaPatient {
    @Id
    @Column(name = "INS", length = 15, nullable = false)
    String ins;

    @Column(name = "BIRTH_DATE", length = 10)
    String birthDate;

    @Column(name = "REMINDERS", nullable = false)
    boolean reminders;

    @Column(name = "UPDATED_AT", nullable = false)
    long updatedAt;

    protected JpaAgendaPatient() {
    }

    JpaAgendaPatient(String ins, Instant at) {
        this.ins = ins;
        this.reminders = true;
        this.updatedAt = at.toEpochMilli();
    }

    // Fields are read and written here only: OpenJPA's enhancement tracks changes made inside the entity class.
    Optional<LocalDate> birthDate() {
        return Optional.ofNullable(birthDate).map(LocalDate::parse);
    }

    boolean reminders() {
        return reminders;
    }

    String ins() {
        return ins;
    }

    void setBirthDate(LocalDate date, Instant at) {
        this.birthDate = date.toString();
        this.updatedAt = at.toEpochMilli();
    }

    void setReminders(boolean on, Instant at) {
        this.reminders = on;
        this.updatedAt = at.toEpochMilli();
    }
}
