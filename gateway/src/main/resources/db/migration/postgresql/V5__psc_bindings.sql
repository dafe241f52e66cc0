-- The Pro Santé Connect national identifiers and the mailboxes each may open (psc.JpaPscBinding).

CREATE TABLE gateway_psc_binding (
    binding_key character varying(400) NOT NULL,
    bound_at bigint NOT NULL,
    mailbox character varying(320) NOT NULL,
    national_id character varying(64) NOT NULL
);

ALTER TABLE ONLY gateway_psc_binding ADD CONSTRAINT gateway_psc_binding_pkey PRIMARY KEY (binding_key);

CREATE INDEX gateway_psc_binding_id ON gateway_psc_binding USING btree (national_id);
