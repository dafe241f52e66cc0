-- The nodes that started on the database and the fingerprints of the keys every node must hold the same
-- (nodes.NodeRegistry).

CREATE TABLE gateway_node (
    node_id character varying(64) NOT NULL,
    first_started bigint NOT NULL,
    last_started bigint NOT NULL
);

CREATE TABLE gateway_shared_key (
    name character varying(32) NOT NULL,
    fingerprint character varying(64) NOT NULL,
    recorded_at bigint NOT NULL,
    recorded_by character varying(64) NOT NULL
);

ALTER TABLE ONLY gateway_node ADD CONSTRAINT gateway_node_pkey PRIMARY KEY (node_id);
ALTER TABLE ONLY gateway_shared_key ADD CONSTRAINT gateway_shared_key_pkey PRIMARY KEY (name);
