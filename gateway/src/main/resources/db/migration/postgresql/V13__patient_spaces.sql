-- The patient spaces' lifecycle (spaces.JpaPatientSpace): enrolment, objection, opening, activation, closure,
-- deletion; due_at is the time of the next clock-driven transition.

CREATE TABLE gateway_patient_space (
    ins character varying(15) NOT NULL,
    activated boolean NOT NULL,
    activation_code character varying(64),
    close_reason character varying(16),
    due_at bigint,
    notified_at bigint NOT NULL,
    objection_code character varying(64),
    personal_email character varying(320),
    postal boolean NOT NULL,
    postal_exported_at bigint,
    state character varying(12) NOT NULL,
    updated_at bigint NOT NULL
);

ALTER TABLE ONLY gateway_patient_space ADD CONSTRAINT gateway_patient_space_pkey PRIMARY KEY (ins);

CREATE INDEX gateway_patient_space_due_idx ON gateway_patient_space USING btree (due_at);
