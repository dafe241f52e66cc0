package org.santegateway.server.dmp;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.apache.openjpa.persistence.jdbc.Index;

/** An admin's grant of a professional's access to a patient's record. Key: professional and patient together. */
@Entity(name = "GatewayDmpGrant")
@Table(name = "GATEWAY_DMP_GRANT")
public class JpaDmpGrant {
    @Id
    @Column(name = "ID", length = 340, nullable = false)
    String id;

    @Column(name = "PROFESSIONAL", length = 320, nullable = false)
    String professional;

    @Column(name = "PATIENT", length = 15, nullable = false)
    @Index(name = "GATEWAY_DMP_GRANT_PATIENT_IDX")
    String patient;

    @Column(name = "GRANTED_BY", length = 320, nullable = false)
    String grantedBy;

    @Column(name = "GRANTED_AT", nullable = false)
    long grantedAt;

    protected JpaDmpGrant() {
    }

    static String key(String professional, String patient) {
        return professional + " " + patient;
    }
}
