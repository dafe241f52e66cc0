package org.santegateway.server.registry;

import java.time.Instant;
import java.util.Optional;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.apache.openjpa.persistence.jdbc.Index;

/** A row of the mailbox registry, keyed by the mailbox's address (lower case). Times in milliseconds since the epoch. */
@Entity(name = "GatewayRegisteredMailbox")
@Table(name = "GATEWAY_MAILBOX_REGISTRY")
public class JpaRegisteredMailbox {
    @Id
    @Column(name = "ADDRESS", length = 320, nullable = false)
    String address;

    @Column(name = "KIND", length = 3, nullable = false)
    String kind;

    @Column(name = "HOLDER_ID", length = 15, nullable = false)
    @Index(name = "GATEWAY_MAILBOX_REGISTRY_HOLDER_IDX")
    String holderId;

    @Column(name = "DISPLAY_NAME", length = 255, nullable = false)
    String displayName;

    @Column(name = "PROFESSION", length = 255)
    String profession;

    @Column(name = "SPECIALITY", length = 255)
    String speciality;

    @Column(name = "LISTE_ROUGE", nullable = false)
    boolean listeRouge;

    @Column(name = "PREFERRED_RANK", nullable = false)
    int preferredRank;

    @Column(name = "DESCRIPTION", length = 255)
    String description;

    @Column(name = "SERVICE", length = 255)
    String service;

    @Column(name = "CONTACT", length = 255)
    String contact;

    @Column(name = "STATE", length = 9, nullable = false)
    String state;

    @Column(name = "CREATED_AT", nullable = false)
    long createdAt;

    @Column(name = "LAST_LOGIN_AT")
    Long lastLoginAt;

    @Column(name = "MODIFIED_AT", nullable = false)
    @Index(name = "GATEWAY_MAILBOX_REGISTRY_MODIFIED_IDX")
    long modifiedAt;

    @Column(name = "INACTIVITY_NOTICE_AT")
    @Index(name = "GATEWAY_MAILBOX_REGISTRY_NOTICE_IDX")
    Long inactivityNoticeAt;

    @Column(name = "EVER_PUBLISHABLE", nullable = false)
    boolean everPublishable;

    protected JpaRegisteredMailbox() {
    }

    JpaRegisteredMailbox(Mailbox mailbox) {
        this.address = mailbox.address();
        this.kind = mailbox.kind().name();
        this.state = mailbox.state().name();
        this.createdAt = mailbox.createdAt().toEpochMilli();
        this.lastLoginAt = mailbox.lastLoginAt().map(Instant::toEpochMilli).orElse(null);
        write(mailbox.details(), mailbox.modifiedAt());
    }

    private void notePublishable() {
        if (MailboxState.ACTIVE.name().equals(state) && !listeRouge) {
            everPublishable = true;
        }
    }

    // Fields are read and written here only: OpenJPA's enhancement tracks changes made inside the entity class.
    void write(MailboxDetails details, Instant at) {
        this.holderId = details.holder().orElseThrow(() -> new IllegalArgumentException("a registered mailbox has a holder")).value();
        this.displayName = details.displayName();
        this.profession = details.profession().orElse(null);
        this.speciality = details.speciality().orElse(null);
        this.listeRouge = details.listeRouge();
        this.preferredRank = details.rank();
        this.description = details.description().orElse(null);
        this.service = details.service().orElse(null);
        this.contact = details.contact().orElse(null);
        this.modifiedAt = at.toEpochMilli();
        notePublishable();
    }

    void changeState(MailboxState newState, Instant at) {
        this.state = newState.name();
        this.modifiedAt = at.toEpochMilli();
        notePublishable();
    }

    Mailbox toMailbox() {
        MailboxDetails details = new MailboxDetails(Optional.of(new HolderId(holderId)), displayName, Optional.ofNullable(profession),
            Optional.ofNullable(speciality), listeRouge, preferredRank, Optional.ofNullable(description), Optional.ofNullable(service),
            Optional.ofNullable(contact));
        return new Mailbox(address, MailboxKind.valueOf(kind), details, MailboxState.valueOf(state), Instant.ofEpochMilli(createdAt),
            Optional.ofNullable(lastLoginAt).map(Instant::ofEpochMilli), Instant.ofEpochMilli(modifiedAt), true, everPublishable);
    }
}
