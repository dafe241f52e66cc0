package org.santegateway.server.agenda;

import java.time.Instant;
import java.util.Optional;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.UniqueConstraint;

import org.apache.openjpa.persistence.jdbc.Index;
import org.santegateway.agenda.Appointment;
import org.santegateway.agenda.AppointmentSource;
import org.santegateway.agenda.AppointmentStatus;
import org.santegateway.agenda.PatientResponse;
import org.santegateway.dmp.Ins;

/**
 * An appointment on a patient's agenda; {@code AUTHOR} and {@code IDENTIFIER} find the one an update names. Times in
 * milliseconds since the epoch.
 */
@Entity(name = "GatewayAppointment")
@Table(name = "GATEWAY_APPOINTMENT", uniqueConstraints = @UniqueConstraint(name = "GATEWAY_APPOINTMENT_AUTHOR_ID",
    columnNames = {"AUTHOR", "IDENTIFIER", "INS"}))
public class JpaAppointment {
    @Id
    @Column(name = "ID", length = 36, nullable = false)
    String id;

    @Column(name = "INS", length = 15, nullable = false)
    @Index(name = "GATEWAY_APPOINTMENT_INS_IDX")
    String ins;

    @Column(name = "SOURCE", length = 20, nullable = false)
    String source;

    @Column(name = "AUTHOR", length = 320, nullable = false)
    String author;

    @Column(name = "IDENTIFIER", length = 512, nullable = false)
    String identifier;

    @Column(name = "SEQUENCE_NUMBER", nullable = false)
    int sequence;

    @Column(name = "STATUS", length = 20, nullable = false)
    String status;

    @Column(name = "START_AT", nullable = false)
    @Index(name = "GATEWAY_APPOINTMENT_START_IDX")
    long startAt;

    @Column(name = "END_AT")
    Long endAt;

    @Column(name = "WITH_WHOM", length = 300, nullable = false)
    String with;

    @Column(name = "SPECIALITY", length = 300)
    String speciality;

    @Column(name = "PLACE", length = 300)
    String place;

    @Column(name = "RESPONSE", length = 12, nullable = false)
    String response;

    @Column(name = "REFERENCE", length = 998)
    String reference;

    @Column(name = "UPDATED_AT", nullable = false)
    long updatedAt;

    protected JpaAppointment() {
    }

    JpaAppointment(Appointment appointment) {
        this.id = appointment.id();
        this.ins = appointment.patient().matricule();
        this.source = appointment.source().name();
        this.author = appointment.author();
        this.identifier = appointment.identifier();
        update(appointment);
    }

    // Fields are read and written here only: OpenJPA's enhancement tracks changes made inside the entity class.
    void update(Appointment appointment) {
        this.sequence = appointment.sequence();
        this.status = appointment.status().name();
        this.startAt = appointment.start().toEpochMilli();
        this.endAt = appointment.end().map(Instant::toEpochMilli).orElse(null);
        this.with = appointment.with();
        this.speciality = appointment.speciality().orElse(null);
        this.place = appointment.place().orElse(null);
        this.response = appointment.response().name();
        this.reference = appointment.reference().orElse(null);
        this.updatedAt = appointment.updatedAt().toEpochMilli();
    }

    int sequence() {
        return sequence;
    }

    Appointment toAppointment() {
        return new Appointment(id, new Ins(ins), AppointmentSource.valueOf(source), author, identifier, sequence,
            AppointmentStatus.valueOf(status), Instant.ofEpochMilli(startAt), Optional.ofNullable(endAt).map(Instant::ofEpochMilli), with,
            Optional.ofNullable(speciality), Optional.ofNullable(place), PatientResponse.valueOf(response), Optional.ofNullable(reference),
            Instant.ofEpochMilli(updatedAt));
    }
}
