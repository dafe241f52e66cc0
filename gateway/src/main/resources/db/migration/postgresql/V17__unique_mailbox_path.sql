-- One mailbox per path (see MailboxIndexes): James checks that a path is free before it creates a mailbox, which
-- two nodes creating a user's folders at once both passed, leaving two INBOXes and every later lookup of the path
-- failing. A mailbox created a second time keeps its messages under the name followed by its id, e.g. "INBOX (212)";
-- the first one keeps the name. Then the path index becomes unique; the non-unique one of V16 goes.

UPDATE james_mailbox m SET mailbox_name = m.mailbox_name || ' (' || m.mailbox_id || ')'
WHERE EXISTS (SELECT 1 FROM james_mailbox o WHERE o.user_name = m.user_name AND o.mailbox_name = m.mailbox_name
              AND o.mailbox_namespace = m.mailbox_namespace AND o.mailbox_id < m.mailbox_id);

CREATE UNIQUE INDEX IF NOT EXISTS gw_mailbox_path_unique ON james_mailbox USING btree (user_name, mailbox_name, mailbox_namespace);

DROP INDEX IF EXISTS gw_mailbox_path_idx;
