-- Indexes for what James and the gateway look up at every delivery and IMAP command (see MailboxIndexes):
-- a mailbox by its path (user, name, namespace), and a range of messages' keywords and MIME properties. PostgreSQL
-- does not index foreign keys by itself: without the last two, every listing of keywords or properties, and every
-- expunge (ON DELETE CASCADE), read the whole keyword and property tables. IF NOT EXISTS: a database taken as
-- version 1 may have them from the gateway's start-time creation.

CREATE INDEX IF NOT EXISTS gw_mailbox_path_idx ON james_mailbox USING btree (user_name, mailbox_name, mailbox_namespace);
CREATE INDEX IF NOT EXISTS gw_userflag_mail_idx ON james_mail_userflag USING btree (mailbox_id, mail_uid, userflag_id);
CREATE INDEX IF NOT EXISTS gw_property_mail_idx ON james_mail_property USING btree (mailbox_id, mail_uid, property_line_number);
