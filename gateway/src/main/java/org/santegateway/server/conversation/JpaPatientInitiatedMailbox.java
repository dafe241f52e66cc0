package org.santegateway.server.conversation;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** An organisational mailbox that accepts messages patients start. */
@Entity(name = "GatewayPatientInitiatedMailbox")
@Table(name = "GATEWAY_PATIENT_INITIATED_MAILBOX")
public class JpaPatientInitiatedMailbox {
    @Id
    @Column(name = "ADDRESS", length = 320, nullable = false)
    private String address;

    @Column(name = "ADDED_AT", nullable = false)
    private long addedAt;

    protected JpaPatientInitiatedMailbox() {
    }

    public JpaPatientInitiatedMailbox(String address, long addedAt) {
        this.address = address;
        this.addedAt = addedAt;
    }

    public String getAddress() {
        return address;
    }
}
