-- Personal addresses whose mail server refused a notice for good (webmail.NotificationAddresses): when, and the
-- address indexed, since the refusal names the address, not the patient.

ALTER TABLE gateway_notification_address ADD COLUMN failed_at bigint;

CREATE INDEX gateway_notification_address_address_idx ON gateway_notification_address USING btree (address);
