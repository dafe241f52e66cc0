package org.santegateway.server.webmail;

import java.time.Instant;
import java.util.Optional;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.apache.openjpa.persistence.jdbc.Index;

/** The personal address a patient registered to be told of new messages, keyed by the patient's pseudonym. */
@Entity(name = "GatewayNotificationAddress")
@Table(name = "GATEWAY_NOTIFICATION_ADDRESS")
public class JpaNotificationAddress {
    @Id
    @Column(name = "PATIENT_PSEUDONYM", length = 64, nullable = false)
    String patientPseudonym;

    @Column(name = "ADDRESS", length = 320, nullable = false)
    @Index(name = "GATEWAY_NOTIFICATION_ADDRESS_ADDRESS_IDX")
    String address;

    /** When the address's mail server last refused a notice for good; cleared when the patient registers an address. */
    @Column(name = "FAILED_AT")
    Long failedAt;

    @Column(name = "UPDATED_AT", nullable = false)
    long updatedAt;

    /**
     * The SHA-256 digest of the token of the confirmation link while the address waits to be confirmed; none once
     * confirmed (addresses registered before confirmation existed count as confirmed).
     */
    @Column(name = "CONFIRMATION", length = 64)
    @Index(name = "GATEWAY_NOTIFICATION_ADDRESS_CONFIRMATION_IDX")
    String confirmation;

    protected JpaNotificationAddress() {
    }

    JpaNotificationAddress(String patientPseudonym, String address, long updatedAt) {
        this.patientPseudonym = patientPseudonym;
        this.address = address;
        this.updatedAt = updatedAt;
    }

    JpaNotificationAddress(String patientPseudonym, String address, String confirmation, long updatedAt) {
        this(patientPseudonym, address, updatedAt);
        this.confirmation = confirmation;
    }

    // Fields are read and written here only: OpenJPA's enhancement tracks changes made inside the entity class.
    String address() {
        return address;
    }

    Optional<Instant> failedAt() {
        return Optional.ofNullable(failedAt).map(Instant::ofEpochMilli);
    }

    boolean confirmed() {
        return confirmation == null;
    }

    Instant updatedAt() {
        return Instant.ofEpochMilli(updatedAt);
    }

    /** A new address that waits for its confirmation link (the previous one, confirmed or not, is forgotten). */
    void awaitConfirmation(String newAddress, String digest, long at) {
        change(newAddress, at);
        this.confirmation = digest;
    }

    void confirm() {
        this.confirmation = null;
    }

    void change(String newAddress, long at) {
        this.address = newAddress;
        this.updatedAt = at;
        this.failedAt = null;
    }
}
