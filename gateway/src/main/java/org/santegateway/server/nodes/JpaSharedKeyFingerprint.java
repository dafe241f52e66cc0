package org.santegateway.server.nodes;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * The fingerprint of a key every node of one database must hold the same (the DMP master key, the audit and
 * pseudonym key), as the first node to start recorded it. A fingerprint says nothing of the key.
 */
@Entity(name = "GatewaySharedKey")
@Table(name = "GATEWAY_SHARED_KEY")
public class JpaSharedKeyFingerprint {
    @Id
    @Column(name = "NAME", length = 32, nullable = false)
    String name;

    @Column(name = "FINGERPRINT", length = 64, nullable = false)
    String fingerprint;

    @Column(name = "RECORDED_BY", length = 64, nullable = false)
    String recordedBy;

    @Column(name = "RECORDED_AT", nullable = false)
    long recordedAt;

    protected JpaSharedKeyFingerprint() {
    }

    JpaSharedKeyFingerprint(String name, String fingerprint, String recordedBy, long recordedAt) {
        this.name = name;
        this.fingerprint = fingerprint;
        this.recordedBy = recordedBy;
        this.recordedAt = recordedAt;
    }

    // Fields are read here only: OpenJPA's enhancement mediates access inside the entity class.
    String fingerprint() {
        return fingerprint;
    }

    String recordedBy() {
        return recordedBy;
    }
}
