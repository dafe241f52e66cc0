package org.santegateway.server.agenda;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A reminder sent: its key is written once, so that no reminder goes twice (several nodes, a rerun after a crash). */
@Entity(name = "GatewayAgendaReminder")
@Table(name = "GATEWAY_AGENDA_REMINDER")
public class JpaAgendaReminder {
    @Id
    @Column(name = "ID", length = 300, nullable = false)
    String id;

    @Column(name = "SENT_AT", nullable = false)
    long sentAt;

    protected JpaAgendaReminder() {
    }

    JpaAgendaReminder(String id, long sentAt) {
        this.id = id;
        this.sentAt = sentAt;
    }
}
