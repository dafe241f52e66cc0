-- Indexes of the mailbox table for what IMAP asks at every SELECT, STATUS, poll and EXPUNGE (the first unseen
-- message, the recent ones, the deleted ones, per mailbox, in UID order): see MailboxIndexes. IF NOT EXISTS: a
-- database taken as version 1 may have them from the gateway's start-time creation of earlier versions.

CREATE INDEX IF NOT EXISTS gw_mail_deleted_idx ON james_mail USING btree (mailbox_id, mail_is_deleted, mail_uid);
CREATE INDEX IF NOT EXISTS gw_mail_recent_idx ON james_mail USING btree (mailbox_id, mail_is_recent, mail_uid);
CREATE INDEX IF NOT EXISTS gw_mail_unseen_idx ON james_mail USING btree (mailbox_id, mail_is_seen, mail_uid);
