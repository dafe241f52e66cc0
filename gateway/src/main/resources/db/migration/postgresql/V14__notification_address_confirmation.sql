-- Personal addresses are used once the patient opened the link sent to them (webmail.NotificationAddresses): the
-- digest of the link's token while the address waits; addresses registered before stay confirmed (no digest).

ALTER TABLE gateway_notification_address ADD COLUMN confirmation character varying(64);

CREATE INDEX gateway_notification_address_confirmation_idx ON gateway_notification_address USING btree (confirmation);
