-- The mailbox registry (registry.JpaRegisteredMailbox): each mailbox's kind, holder, directory details and state.

CREATE TABLE gateway_mailbox_registry (
    address character varying(320) NOT NULL,
    contact character varying(255),
    created_at bigint NOT NULL,
    description character varying(255),
    display_name character varying(255) NOT NULL,
    ever_publishable boolean NOT NULL,
    holder_id character varying(15) NOT NULL,
    kind character varying(3) NOT NULL,
    last_login_at bigint,
    liste_rouge boolean NOT NULL,
    modified_at bigint NOT NULL,
    preferred_rank integer NOT NULL,
    profession character varying(255),
    service character varying(255),
    speciality character varying(255),
    state character varying(9) NOT NULL
);

ALTER TABLE ONLY gateway_mailbox_registry ADD CONSTRAINT gateway_mailbox_registry_pkey PRIMARY KEY (address);

CREATE INDEX gateway_mailbox_registry_holder_idx ON gateway_mailbox_registry USING btree (holder_id);
CREATE INDEX gateway_mailbox_registry_modified_idx ON gateway_mailbox_registry USING btree (modified_at);
