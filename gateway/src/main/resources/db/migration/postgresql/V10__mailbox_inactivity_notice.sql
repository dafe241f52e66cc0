-- The inactivity rule of the mailbox registry (registry.InactivityJob): when the notice that a mailbox unused for
-- eleven months will be closed was sent. A login clears it.

ALTER TABLE gateway_mailbox_registry ADD COLUMN inactivity_notice_at bigint;

CREATE INDEX gateway_mailbox_registry_notice_idx ON gateway_mailbox_registry USING btree (inactivity_notice_at);
