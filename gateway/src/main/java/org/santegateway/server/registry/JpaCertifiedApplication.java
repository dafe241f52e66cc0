package org.santegateway.server.registry;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A row of the catalogue of certified applications. Times in milliseconds since the epoch. */
@Entity(name = "GatewayCertifiedApplication")
@Table(name = "GATEWAY_CERTIFIED_APPLICATION")
public class JpaCertifiedApplication {
    @Id
    @Column(name = "ID", length = 64, nullable = false)
    String id;

    @Column(name = "EDITOR", length = 255, nullable = false)
    String editor;

    @Column(name = "PRODUCT", length = 255, nullable = false)
    String product;

    @Column(name = "VERSION", length = 64, nullable = false)
    String version;

    @Column(name = "CERTIFICATION", length = 255, nullable = false)
    String certification;

    @Column(name = "STATE", length = 10, nullable = false)
    String state;

    @Column(name = "CREATED_AT", nullable = false)
    long createdAt;

    @Column(name = "MODIFIED_AT", nullable = false)
    long modifiedAt;

    protected JpaCertifiedApplication() {
    }

    JpaCertifiedApplication(CertifiedApplication application) {
        this.id = application.id();
        this.createdAt = application.createdAt().toEpochMilli();
        write(application);
    }

    // Fields are written here only: OpenJPA's enhancement tracks changes made inside the entity class.
    void write(CertifiedApplication application) {
        this.editor = application.editor();
        this.product = application.product();
        this.version = application.version();
        this.certification = application.certification();
        this.state = application.state().name();
        this.modifiedAt = application.modifiedAt().toEpochMilli();
    }

    CertifiedApplication toApplication() {
        return new CertifiedApplication(id, editor, product, version, certification, ApplicationState.valueOf(state),
            Instant.ofEpochMilli(createdAt), Instant.ofEpochMilli(modifiedAt));
    }
}
