-- The catalogue of certified applications (registry.JpaCertifiedApplication) and the client certificates bound to
-- application mailboxes (registry.JpaApplicationCertificate), read at each certificate login (SASL EXTERNAL).

CREATE TABLE gateway_certified_application (
    id character varying(64) NOT NULL,
    certification character varying(255) NOT NULL,
    created_at bigint NOT NULL,
    editor character varying(255) NOT NULL,
    modified_at bigint NOT NULL,
    product character varying(255) NOT NULL,
    state character varying(10) NOT NULL,
    version character varying(64) NOT NULL
);

ALTER TABLE ONLY gateway_certified_application ADD CONSTRAINT gateway_certified_application_pkey PRIMARY KEY (id);

CREATE TABLE gateway_application_certificate (
    id character varying(36) NOT NULL,
    application_id character varying(64) NOT NULL,
    created_at bigint NOT NULL,
    issuer_dn character varying(1024) NOT NULL,
    mailbox character varying(320) NOT NULL,
    names_hash character varying(64) NOT NULL,
    sha256 character varying(64),
    subject_dn character varying(1024) NOT NULL
);

ALTER TABLE ONLY gateway_application_certificate ADD CONSTRAINT gateway_application_certificate_pkey PRIMARY KEY (id);

CREATE INDEX gateway_application_certificate_mailbox_idx ON gateway_application_certificate USING btree (mailbox);
CREATE INDEX gateway_application_certificate_names_idx ON gateway_application_certificate USING btree (names_hash);
