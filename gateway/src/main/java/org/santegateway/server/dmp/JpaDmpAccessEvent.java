package org.santegateway.server.dmp;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.apache.openjpa.persistence.jdbc.Index;

/** One access to a patient's record (granted or refused), as the patient's access history lists it. */
@Entity(name = "GatewayDmpAccessEvent")
@Table(name = "GATEWAY_DMP_ACCESS")
public class JpaDmpAccessEvent {
    @Id
    @Column(name = "ID", length = 36, nullable = false)
    String id;

    @Column(name = "PATIENT", length = 15, nullable = false)
    @Index(name = "GATEWAY_DMP_ACCESS_PATIENT_IDX")
    String patient;

    @Column(name = "AT_MILLIS", nullable = false)
    long at;

    /** Orders events recorded in the same millisecond. */
    @Column(name = "SEQ", nullable = false)
    long sequence;

    @Column(name = "ACTOR_KIND", length = 16, nullable = false)
    String actorKind;

    @Column(name = "ACTOR_ID", length = 320, nullable = false)
    String actorId;

    @Column(name = "ACTION", length = 16, nullable = false)
    String action;

    @Column(name = "DOCUMENT_ID", length = 36)
    String documentId;

    @Column(name = "DENIAL", length = 32)
    String denial;

    protected JpaDmpAccessEvent() {
    }
}
