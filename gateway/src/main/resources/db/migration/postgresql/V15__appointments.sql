-- The patients' agendas: appointments (agenda.JpaAppointment) declared by applications (FHIR) or invitations, an
-- update naming the author's identifier of the appointment; the patients' birth date and reminders setting
-- (agenda.JpaAgendaPatient), their prevention statuses (agenda.JpaPreventionMark), the reminders sent
-- (agenda.JpaAgendaReminder).

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
    source character varying(20) NOT NULL,
    speciality character varying(300),
    start_at bigint NOT NULL,
    status character varying(20) NOT NULL,
    updated_at bigint NOT NULL,
    with_whom character varying(300) NOT NULL
);

ALTER TABLE ONLY gateway_appointment ADD CONSTRAINT gateway_appointment_pkey PRIMARY KEY (id);
ALTER TABLE ONLY gateway_appointment ADD CONSTRAINT gateway_appointment_author_id UNIQUE (author, identifier, ins);

CREATE INDEX gateway_appointment_ins_idx ON gateway_appointment USING btree (ins);
CREATE INDEX gateway_appointment_start_idx ON gateway_appointment USING btree (start_at);

CREATE TABLE gateway_appointment_change (
    id character varying(36) NOT NULL,
    appointment_id character varying(36) NOT NULL,
    changed_at bigint NOT NULL,
    response character varying(12) NOT NULL,
    sequence_number integer NOT NULL,
    start_at bigint NOT NULL,
    status character varying(20) NOT NULL
);

ALTER TABLE ONLY gateway_appointment_change ADD CONSTRAINT gateway_appointment_change_pkey PRIMARY KEY (id);

CREATE INDEX gateway_appointment_change_appointment_idx ON gateway_appointment_change USING btree (appointment_id);

CREATE TABLE gateway_agenda_patient (
    ins character varying(15) NOT NULL,
    birth_date character varying(10),
    reminders boolean NOT NULL,
    updated_at bigint NOT NULL
);

ALTER TABLE ONLY gateway_agenda_patient ADD CONSTRAINT gateway_agenda_patient_pkey PRIMARY KEY (ins);

CREATE TABLE gateway_prevention_mark (
    id character varying(200) NOT NULL,
    ins character varying(15) NOT NULL,
    occurrence integer NOT NULL,
    rule_id character varying(120) NOT NULL,
    set_on character varying(10) NOT NULL,
    status character varying(16) NOT NULL
);

ALTER TABLE ONLY gateway_prevention_mark ADD CONSTRAINT gateway_prevention_mark_pkey PRIMARY KEY (id);

CREATE INDEX gateway_prevention_mark_ins_idx ON gateway_prevention_mark USING btree (ins);

CREATE TABLE gateway_agenda_reminder (
    id character varying(300) NOT NULL,
    sent_at bigint NOT NULL
);

ALTER TABLE ONLY gateway_agenda_reminder ADD CONSTRAINT gateway_agenda_reminder_pkey PRIMARY KEY (id);
