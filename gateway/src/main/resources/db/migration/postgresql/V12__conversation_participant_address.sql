-- The conversations of a patient, for the "contactable" rule (conversation.JpaConversationStore.conversationsOf).

CREATE INDEX gateway_conv_participant_address_idx ON gateway_conversation_participant USING btree (address);
