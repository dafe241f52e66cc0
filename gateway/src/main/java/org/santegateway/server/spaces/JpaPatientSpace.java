package org.santegateway.server.spaces;

import java.time.Instant;
import java.util.Optional;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.apache.openjpa.persistence.jdbc.Index;

/**
 * A patient's space in its lifecycle. The codes are kept as SHA-256 digests only (the notice is the one place they
 * are written in clear); {@code DUE_AT} is the time of the next transition the clock drives (the end of the objection
 * window, the deletion of an archive). Times in milliseconds since the epoch.
 */
@Entity(name = "GatewayPatientSpace")
@Table(name = "GATEWAY_PATIENT_SPACE")
public class JpaPatientSpace {
    @Id
    @Column(name = "INS", length = 15, nullable = false)
    String ins;

    @Column(name = "STATE", length = 12, nullable = false)
    String state;

    @Column(name = "PERSONAL_EMAIL", length = 320)
    String personalEmail;

    @Column(name = "POSTAL", nullable = false)
    boolean postal;

    @Column(name = "OBJECTION_CODE", length = 64)
    String objectionCode;

    @Column(name = "ACTIVATION_CODE", length = 64)
    String activationCode;

    @Column(name = "ACTIVATED", nullable = false)
    boolean activated;

    @Column(name = "CLOSE_REASON", length = 16)
    String closeReason;

    @Column(name = "POSTAL_EXPORTED_AT")
    Long postalExportedAt;

    @Column(name = "NOTIFIED_AT", nullable = false)
    long notifiedAt;

    @Column(name = "DUE_AT")
    @Index(name = "GATEWAY_PATIENT_SPACE_DUE_IDX")
    Long dueAt;

    @Column(name = "UPDATED_AT", nullable = false)
    long updatedAt;

    protected JpaPatientSpace() {
    }

    JpaPatientSpace(String ins, Optional<String> personalEmail, boolean postal, Instant notifiedAt, Instant opensAt) {
        this.ins = ins;
        this.state = SpaceState.NOTIFIED.name();
        this.personalEmail = personalEmail.orElse(null);
        this.postal = postal;
        this.notifiedAt = notifiedAt.toEpochMilli();
        this.dueAt = opensAt.toEpochMilli();
        this.updatedAt = notifiedAt.toEpochMilli();
    }

    // Fields are read and written here only: OpenJPA's enhancement tracks changes made inside the entity class.
    SpaceState state() {
        return SpaceState.valueOf(state);
    }

    Optional<String> personalEmail() {
        return Optional.ofNullable(personalEmail);
    }

    boolean postal() {
        return postal;
    }

    boolean activated() {
        return activated;
    }

    Optional<String> objectionCode() {
        return Optional.ofNullable(objectionCode);
    }

    Optional<String> activationCode() {
        return Optional.ofNullable(activationCode);
    }

    Optional<String> closeReason() {
        return Optional.ofNullable(closeReason);
    }

    Optional<Instant> dueAt() {
        return Optional.ofNullable(dueAt).map(Instant::ofEpochMilli);
    }

    Optional<Instant> postalExportedAt() {
        return Optional.ofNullable(postalExportedAt).map(Instant::ofEpochMilli);
    }

    PatientSpace toSpace() {
        return new PatientSpace(ins, state(), personalEmail(), postal, activated, closeReason(),
            Instant.ofEpochMilli(notifiedAt), dueAt(), Instant.ofEpochMilli(updatedAt));
    }

    void objectionCode(String digest) {
        this.objectionCode = digest;
    }

    void postalExported(Instant at) {
        this.postalExportedAt = at.toEpochMilli();
    }

    void move(SpaceState target, Optional<Instant> due, Instant at) {
        this.state = target.name();
        this.dueAt = due.map(Instant::toEpochMilli).orElse(null);
        this.updatedAt = at.toEpochMilli();
        if (target == SpaceState.ACTIVATED) {
            this.activated = true;
            this.activationCode = null;
        }
        if (target != SpaceState.NOTIFIED) {
            this.objectionCode = null;
        }
        if (target == SpaceState.DELETED || target == SpaceState.OBJECTED) {
            // Nothing personal is kept of a deleted space or of an objection but the INS and the state.
            this.personalEmail = null;
        }
    }

    void opened(String activationDigest) {
        this.activationCode = activationDigest;
    }

    void closed(String reason) {
        this.closeReason = reason;
    }

    void reopened() {
        this.closeReason = null;
    }
}
