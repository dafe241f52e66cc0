-- The patients' agendas (agenda.JpaAppointment): appointments declared by applications (FHIR), invitations or the
-- patient; an update names the author's identifier of the appointment.

CREATE TABLE gateway_appointment (
    id character varying(36) NOT NULL,
    author character varying(320) NOT NULL,
    end_at bigint,
    identifier character varying(512) NOT NULL,
    ins character varying(15) NOT NULL,
    place character varying(300),
    reference character varying(998),
    response character varying(12) NOT NULL,
    sequence_number integer NOT NULL,
    source character varying(12) NOT NULL,
    speciality character varying(300),
    start_at bigint NOT NULL,
    status character varying(20) NOT NULL,
    updated_at bigint NOT NULL,
    with_whom character varying(300) NOT NULL
);

ALTER TABLE ONLY gateway_appointment ADD CONSTRAINT gateway_appointment_pkey PRIMARY KEY (id);
ALTER TABLE ONLY gateway_appointment ADD CONSTRAINT gateway_appointment_author_id UNIQUE (author, identifier, ins);

CREATE INDEX gateway_appointment_ins_idx ON gateway_appointment USING btree (ins);
