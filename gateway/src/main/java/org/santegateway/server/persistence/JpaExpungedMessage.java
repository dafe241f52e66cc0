package org.santegateway.server.persistence;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.apache.openjpa.persistence.jdbc.Index;

/**
 * A message expunged from a mailbox, with the mod-sequence of its expunge: what lets IMAP tell a client that resyncs
 * from a mod-sequence (QRESYNC, RFC 7162 §3.2.5.1; {@code UID FETCH ... (CHANGEDSINCE m VANISHED)}) the messages
 * expunged since then, and only those. Written by {@link SharedMailboxMessageMapper#deleteMessages} in the expunge's
 * transaction, read by {@link MailboxChanges}, removed with the mailbox. The rows are written in SQL; the entity
 * describes the table (OpenJPA creates it on the embedded database, {@code V19} on PostgreSQL).
 */
@Entity(name = "GatewayExpungedMessage")
@Table(name = "GATEWAY_EXPUNGED_MESSAGE")
public class JpaExpungedMessage {
    @Id
    @Column(name = "ID", length = 40, nullable = false)
    private String id;

    @Column(name = "MAILBOX_ID", nullable = false)
    @Index(name = "GATEWAY_EXPUNGED_MAILBOX_IDX")
    private long mailboxId;

    @Column(name = "MAIL_UID", nullable = false)
    private long uid;

    @Column(name = "MODSEQ", nullable = false)
    private long modSeq;

    protected JpaExpungedMessage() {
    }
}
