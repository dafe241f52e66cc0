-- The messages expunged from each mailbox with the mod-sequence of their expunge (persistence.JpaExpungedMessage):
-- IMAP's QRESYNC reports the expunges since the mod-sequence a client knows, and only those.

CREATE TABLE gateway_expunged_message (
    id character varying(40) NOT NULL,
    mail_uid bigint NOT NULL,
    mailbox_id bigint NOT NULL,
    modseq bigint NOT NULL
);

ALTER TABLE ONLY gateway_expunged_message ADD CONSTRAINT gateway_expunged_message_pkey PRIMARY KEY (id);

CREATE INDEX gateway_expunged_mailbox_idx ON gateway_expunged_message USING btree (mailbox_id);
