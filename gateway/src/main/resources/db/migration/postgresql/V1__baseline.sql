-- Version 1 of the gateway's schema on PostgreSQL: the tables of every entity of the persistence unit
-- "James" (META-INF/persistence.xml), James's and the gateway's, as OpenJPA maps them.
--
-- Written from the schema OpenJPA builds from the mappings (SynchronizeMappings=buildSchema) on PostgreSQL 15;
-- FlywayMigrationsTest checks that applying the migrations gives the schema the mappings want, column by column,
-- so a change of an entity without its migration fails the build. A database created by an earlier gateway
-- through OpenJPA alone is taken as this version (baseline).
--
-- Never edit a released migration: add the next version (V3__...sql).

CREATE TABLE gateway_conversation (
    id character varying(36) NOT NULL,
    opened_at bigint NOT NULL,
    root_message_hash character varying(64) NOT NULL,
    state character varying(8) NOT NULL,
    updated_at bigint NOT NULL,
    version bigint
);

CREATE TABLE gateway_conversation_message (
    message_hash character varying(64) NOT NULL,
    conversation_id character varying(36) NOT NULL,
    recorded_at bigint NOT NULL
);

CREATE TABLE gateway_conversation_participant (
    id character varying(400) NOT NULL,
    address character varying(320) NOT NULL,
    conversation_id character varying(36) NOT NULL,
    role character varying(16) NOT NULL
);

CREATE TABLE gateway_delivered_queue_item (
    message character varying(64) NOT NULL,
    delivered_at bigint NOT NULL,
    owner character varying(320) NOT NULL,
    queue_item character varying(200) NOT NULL
);

CREATE TABLE gateway_dmp_access (
    id character varying(36) NOT NULL,
    action character varying(16) NOT NULL,
    actor_id character varying(320) NOT NULL,
    actor_kind character varying(16) NOT NULL,
    at_millis bigint NOT NULL,
    denial character varying(32),
    document_id character varying(36),
    patient character varying(15) NOT NULL,
    seq bigint NOT NULL
);

CREATE TABLE gateway_dmp_document (
    id character varying(36) NOT NULL,
    author_id character varying(320),
    author_id_system character varying(128),
    author_name character varying(512),
    blob_name character varying(64) NOT NULL,
    conf_code character varying(64),
    conf_code_display character varying(256),
    conf_code_system character varying(128),
    content_hash character varying(64) NOT NULL,
    creation_time bigint,
    depositor_id character varying(320) NOT NULL,
    depositor_kind character varying(16) NOT NULL,
    filed_at bigint NOT NULL,
    hidden boolean NOT NULL,
    mime_type character varying(128) NOT NULL,
    origin character varying(16) NOT NULL,
    patient character varying(15) NOT NULL,
    patient_authority character varying(16),
    sealed_metadata character varying(16384),
    size_bytes bigint NOT NULL,
    source_message_hash character varying(64) NOT NULL,
    title character varying(1024) NOT NULL,
    type_code character varying(64),
    type_code_display character varying(256),
    type_code_system character varying(128),
    unique_id character varying(256)
);

CREATE TABLE gateway_dmp_grant (
    id character varying(340) NOT NULL,
    granted_at bigint NOT NULL,
    granted_by character varying(320) NOT NULL,
    patient character varying(15) NOT NULL,
    professional character varying(320) NOT NULL
);

CREATE TABLE gateway_patient_initiated_mailbox (
    address character varying(320) NOT NULL,
    added_at bigint NOT NULL
);

CREATE TABLE james_domain (
    domain_name character varying(100) NOT NULL
);

CREATE TABLE james_mail (
    mailbox_id bigint NOT NULL,
    mail_uid bigint NOT NULL,
    mail_is_answered boolean NOT NULL,
    mail_body_start_octet integer NOT NULL,
    mail_content_octets_count bigint NOT NULL,
    mail_is_deleted boolean NOT NULL,
    mail_is_draft boolean NOT NULL,
    mail_is_flagged boolean NOT NULL,
    mail_date timestamp without time zone,
    mail_mime_type character varying(200),
    mail_modseq bigint,
    mail_is_recent boolean NOT NULL,
    mail_is_seen boolean NOT NULL,
    mail_mime_subtype character varying(200),
    mail_textual_line_count bigint,
    mail_bytes bytea NOT NULL,
    header_bytes bytea NOT NULL
);

CREATE TABLE james_mail_property (
    property_id bigint NOT NULL,
    property_line_number integer NOT NULL,
    property_local_name character varying(500) NOT NULL,
    property_name_space character varying(500) NOT NULL,
    property_value character varying(1024) NOT NULL,
    mailbox_id bigint,
    mail_uid bigint
);

CREATE TABLE james_mail_repos (
    mail_repo_name character varying(255) NOT NULL
);

CREATE TABLE james_mail_store (
    message_name character varying(200) NOT NULL,
    repository_name character varying(255) NOT NULL,
    error_message character varying(200),
    last_updated timestamp without time zone NOT NULL,
    message_attributes text,
    message_body bytea NOT NULL,
    message_state character varying(30) NOT NULL,
    per_recipient_headers text,
    recipients character varying(255) NOT NULL,
    remote_addr character varying(20) NOT NULL,
    remote_host character varying(255) NOT NULL,
    sender character varying(255)
);

CREATE TABLE james_mail_userflag (
    userflag_id bigint NOT NULL,
    userflag_name character varying(500) NOT NULL,
    mailbox_id bigint,
    mail_uid bigint
);

CREATE TABLE james_mailbox (
    mailbox_id bigint NOT NULL,
    mailbox_highest_modseq bigint,
    mailbox_last_uid bigint,
    mailbox_name character varying(200) NOT NULL,
    mailbox_namespace character varying(200) NOT NULL,
    mailbox_uid_validity bigint NOT NULL,
    user_name character varying(200)
);

CREATE TABLE james_mailbox_annotation (
    annotation_key character varying(200) NOT NULL,
    mailbox_id bigint NOT NULL,
    value character varying(255)
);

CREATE TABLE james_max_domain_message_count (
    domain character varying(255) NOT NULL,
    value bigint
);

CREATE TABLE james_max_domain_storage (
    domain character varying(255) NOT NULL,
    value bigint
);

CREATE TABLE james_max_global_message_count (
    quotaroot_id character varying(255) NOT NULL,
    value bigint
);

CREATE TABLE james_max_global_storage (
    quotaroot_id character varying(255) NOT NULL,
    value bigint
);

CREATE TABLE james_max_user_message_count (
    quotaroot_id character varying(255) NOT NULL,
    value bigint
);

CREATE TABLE james_max_user_storage (
    quotaroot_id character varying(255) NOT NULL,
    value bigint
);

CREATE TABLE james_quota_currentquota (
    currentquota_quotaroot character varying(255) NOT NULL,
    currentquota_messagecount bigint,
    currentquota_size bigint
);

CREATE TABLE james_recipient_rewrite (
    domain_name character varying(100) NOT NULL,
    user_name character varying(100) NOT NULL,
    target_address character varying(100) NOT NULL
);

CREATE TABLE james_sieve_quota (
    user_name character varying(100) NOT NULL,
    size bigint NOT NULL
);

CREATE TABLE james_sieve_script (
    uuid character varying(255) NOT NULL,
    activation_date_time timestamp with time zone,
    is_active boolean NOT NULL,
    script_content character varying(1024) NOT NULL,
    script_name character varying(255) NOT NULL,
    script_size bigint NOT NULL,
    user_name character varying(100) NOT NULL
);

CREATE TABLE james_subscription (
    subscription_id bigint NOT NULL,
    mailbox_name character varying(100) NOT NULL,
    user_name character varying(100) NOT NULL
);

CREATE TABLE james_user (
    user_name character varying(100) NOT NULL,
    password_hash_algorithm character varying(100) NOT NULL,
    password character varying(128) NOT NULL,
    version integer
);

CREATE TABLE openjpa_sequence_table (
    id smallint NOT NULL,
    sequence_value bigint
);


ALTER TABLE ONLY gateway_conversation_message ADD CONSTRAINT gateway_conversation_message_pkey PRIMARY KEY (message_hash);
ALTER TABLE ONLY gateway_conversation_participant ADD CONSTRAINT gateway_conversation_participant_pkey PRIMARY KEY (id);
ALTER TABLE ONLY gateway_conversation ADD CONSTRAINT gateway_conversation_pkey PRIMARY KEY (id);
ALTER TABLE ONLY gateway_delivered_queue_item ADD CONSTRAINT gateway_delivered_queue_item_pkey PRIMARY KEY (message);
ALTER TABLE ONLY gateway_dmp_access ADD CONSTRAINT gateway_dmp_access_pkey PRIMARY KEY (id);
ALTER TABLE ONLY gateway_dmp_document ADD CONSTRAINT gateway_dmp_doc_patient_hash UNIQUE (patient, content_hash);
ALTER TABLE ONLY gateway_dmp_document ADD CONSTRAINT gateway_dmp_document_pkey PRIMARY KEY (id);
ALTER TABLE ONLY gateway_dmp_grant ADD CONSTRAINT gateway_dmp_grant_pkey PRIMARY KEY (id);
ALTER TABLE ONLY gateway_patient_initiated_mailbox ADD CONSTRAINT gateway_patient_initiated_mailbox_pkey PRIMARY KEY (address);
ALTER TABLE ONLY james_domain ADD CONSTRAINT james_domain_pkey PRIMARY KEY (domain_name);
ALTER TABLE ONLY james_mail ADD CONSTRAINT james_mail_pkey PRIMARY KEY (mailbox_id, mail_uid);
ALTER TABLE ONLY james_mail_property ADD CONSTRAINT james_mail_property_pkey PRIMARY KEY (property_id);
ALTER TABLE ONLY james_mail_repos ADD CONSTRAINT james_mail_repos_pkey PRIMARY KEY (mail_repo_name);
ALTER TABLE ONLY james_mail_store ADD CONSTRAINT james_mail_store_pkey PRIMARY KEY (message_name, repository_name);
ALTER TABLE ONLY james_mail_userflag ADD CONSTRAINT james_mail_userflag_pkey PRIMARY KEY (userflag_id);
ALTER TABLE ONLY james_mailbox_annotation ADD CONSTRAINT james_mailbox_annotation_pkey PRIMARY KEY (annotation_key, mailbox_id);
ALTER TABLE ONLY james_mailbox ADD CONSTRAINT james_mailbox_pkey PRIMARY KEY (mailbox_id);
ALTER TABLE ONLY james_max_domain_message_count ADD CONSTRAINT james_max_domain_message_count_pkey PRIMARY KEY (domain);
ALTER TABLE ONLY james_max_domain_storage ADD CONSTRAINT james_max_domain_storage_pkey PRIMARY KEY (domain);
ALTER TABLE ONLY james_max_global_message_count ADD CONSTRAINT james_max_global_message_count_pkey PRIMARY KEY (quotaroot_id);
ALTER TABLE ONLY james_max_global_storage ADD CONSTRAINT james_max_global_storage_pkey PRIMARY KEY (quotaroot_id);
ALTER TABLE ONLY james_max_user_message_count ADD CONSTRAINT james_max_user_message_count_pkey PRIMARY KEY (quotaroot_id);
ALTER TABLE ONLY james_max_user_storage ADD CONSTRAINT james_max_user_storage_pkey PRIMARY KEY (quotaroot_id);
ALTER TABLE ONLY james_quota_currentquota ADD CONSTRAINT james_quota_currentquota_pkey PRIMARY KEY (currentquota_quotaroot);
ALTER TABLE ONLY james_recipient_rewrite ADD CONSTRAINT james_recipient_rewrite_pkey PRIMARY KEY (domain_name, user_name);
ALTER TABLE ONLY james_sieve_quota ADD CONSTRAINT james_sieve_quota_pkey PRIMARY KEY (user_name);
ALTER TABLE ONLY james_sieve_script ADD CONSTRAINT james_sieve_script_pkey PRIMARY KEY (uuid);
ALTER TABLE ONLY james_subscription ADD CONSTRAINT james_subscription_pkey PRIMARY KEY (subscription_id);
ALTER TABLE ONLY james_user ADD CONSTRAINT james_user_pkey PRIMARY KEY (user_name);
ALTER TABLE ONLY openjpa_sequence_table ADD CONSTRAINT openjpa_sequence_table_pkey PRIMARY KEY (id);
ALTER TABLE ONLY james_subscription ADD CONSTRAINT u_jms_ptn_user_name UNIQUE (user_name, mailbox_name);
ALTER TABLE ONLY james_mail ADD CONSTRAINT james_mail_mailbox_id_fkey FOREIGN KEY (mailbox_id) REFERENCES james_mailbox(mailbox_id) ON DELETE CASCADE DEFERRABLE;
ALTER TABLE ONLY james_mail_property ADD CONSTRAINT james_mail_property_mailbox_id_mail_uid_fkey FOREIGN KEY (mailbox_id, mail_uid) REFERENCES james_mail(mailbox_id, mail_uid) ON DELETE CASCADE DEFERRABLE;
ALTER TABLE ONLY james_mail_userflag ADD CONSTRAINT james_mail_userflag_mailbox_id_mail_uid_fkey FOREIGN KEY (mailbox_id, mail_uid) REFERENCES james_mail(mailbox_id, mail_uid) ON DELETE CASCADE DEFERRABLE;

CREATE INDEX gateway_conv_message_conv_idx ON gateway_conversation_message USING btree (conversation_id);
CREATE INDEX gateway_conv_participant_conv_idx ON gateway_conversation_participant USING btree (conversation_id);
CREATE INDEX gateway_delivered_at_idx ON gateway_delivered_queue_item USING btree (delivered_at);
CREATE INDEX gateway_delivered_item_idx ON gateway_delivered_queue_item USING btree (queue_item);
CREATE INDEX gateway_dmp_access_patient_idx ON gateway_dmp_access USING btree (patient);
CREATE INDEX gateway_dmp_doc_patient_idx ON gateway_dmp_document USING btree (patient);
CREATE INDEX gateway_dmp_grant_patient_idx ON gateway_dmp_grant USING btree (patient);
CREATE INDEX i_jms_mil_mail_is_deleted ON james_mail USING btree (mail_is_deleted);
CREATE INDEX i_jms_mil_mail_is_recent ON james_mail USING btree (mail_is_recent);
CREATE INDEX i_jms_mil_mail_is_seen ON james_mail USING btree (mail_is_seen);
CREATE INDEX i_jms_mil_mail_modseq ON james_mail USING btree (mail_modseq);
CREATE INDEX index_property_line_number ON james_mail_property USING btree (property_line_number);
CREATE INDEX repository_name_message_name_index ON james_mail_store USING btree (repository_name, message_name);

