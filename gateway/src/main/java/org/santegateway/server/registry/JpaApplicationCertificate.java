package org.santegateway.server.registry;

import java.time.Instant;
import java.util.Optional;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.apache.openjpa.persistence.jdbc.Index;

/** A client certificate bound to an application mailbox, found at login by its subject and issuer. */
@Entity(name = "GatewayApplicationCertificate")
@Table(name = "GATEWAY_APPLICATION_CERTIFICATE")
public class JpaApplicationCertificate {
    @Id
    @Column(name = "ID", length = 36, nullable = false)
    String id;

    @Column(name = "MAILBOX", length = 320, nullable = false)
    @Index(name = "GATEWAY_APPLICATION_CERTIFICATE_MAILBOX_IDX")
    String mailbox;

    @Column(name = "APPLICATION_ID", length = 64, nullable = false)
    String application;

    @Column(name = "SUBJECT_DN", length = 1024, nullable = false)
    String subject;

    @Column(name = "ISSUER_DN", length = 1024, nullable = false)
    String issuer;

    /** SHA-256 of the subject and issuer, to find the bindings of a certificate with an index of fixed size. */
    @Column(name = "NAMES_HASH", length = 64, nullable = false)
    @Index(name = "GATEWAY_APPLICATION_CERTIFICATE_NAMES_IDX")
    String namesHash;

    @Column(name = "SHA256", length = 64)
    String sha256;

    @Column(name = "CREATED_AT", nullable = false)
    long createdAt;

    protected JpaApplicationCertificate() {
    }

    JpaApplicationCertificate(ApplicationCertificate certificate, String namesHash) {
        this.id = certificate.id();
        this.mailbox = certificate.mailbox();
        this.application = certificate.application();
        this.subject = certificate.subject();
        this.issuer = certificate.issuer();
        this.namesHash = namesHash;
        this.sha256 = certificate.sha256().orElse(null);
        this.createdAt = certificate.createdAt().toEpochMilli();
    }

    ApplicationCertificate toCertificate() {
        return new ApplicationCertificate(id, mailbox, application, subject, issuer, Optional.ofNullable(sha256), Instant.ofEpochMilli(createdAt));
    }
}
