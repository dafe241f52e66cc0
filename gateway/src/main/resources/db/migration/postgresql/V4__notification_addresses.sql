-- The personal addresses patients are notified at, shared by the nodes (webmail.NotificationAddresses); earlier
-- versions kept them in a file per data directory, imported at start.

CREATE TABLE gateway_notification_address (
    patient_pseudonym character varying(64) NOT NULL,
    address character varying(320) NOT NULL,
    updated_at bigint NOT NULL
);

ALTER TABLE ONLY gateway_notification_address ADD CONSTRAINT gateway_notification_address_pkey PRIMARY KEY (patient_pseudonym);
