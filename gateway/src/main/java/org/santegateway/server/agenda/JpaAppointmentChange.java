package org.santegateway.server.agenda;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.apache.openjpa.persistence.jdbc.Index;
import org.santegateway.agenda.AgendaStore;
import org.santegateway.agenda.Appointment;
import org.santegateway.agenda.AppointmentStatus;
import org.santegateway.agenda.PatientResponse;

/** One stored revision of an appointment: the agenda keeps each change, not only the last. */
@Entity(name = "GatewayAppointmentChange")
@Table(name = "GATEWAY_APPOINTMENT_CHANGE")
public class JpaAppointmentChange {
    @Id
    @Column(name = "ID", length = 36, nullable = false)
    String id;

    @Column(name = "APPOINTMENT_ID", length = 36, nullable = false)
    @Index(name = "GATEWAY_APPOINTMENT_CHANGE_APPOINTMENT_IDX")
    String appointmentId;

    @Column(name = "CHANGED_AT", nullable = false)
    long changedAt;

    @Column(name = "SEQUENCE_NUMBER", nullable = false)
    int sequence;

    @Column(name = "STATUS", length = 20, nullable = false)
    String status;

    @Column(name = "START_AT", nullable = false)
    long startAt;

    @Column(name = "RESPONSE", length = 12, nullable = false)
    String response;

    protected JpaAppointmentChange() {
    }

    JpaAppointmentChange(Appointment appointment) {
        this.id = java.util.UUID.randomUUID().toString();
        this.appointmentId = appointment.id();
        this.changedAt = appointment.updatedAt().toEpochMilli();
        this.sequence = appointment.sequence();
        this.status = appointment.status().name();
        this.startAt = appointment.start().toEpochMilli();
        this.response = appointment.response().name();
    }

    AgendaStore.Change toChange() {
        return new AgendaStore.Change(Instant.ofEpochMilli(changedAt), sequence, AppointmentStatus.valueOf(status), Instant.ofEpochMilli(startAt),
            PatientResponse.valueOf(response));
    }
}
