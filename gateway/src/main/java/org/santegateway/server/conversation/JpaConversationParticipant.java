package org.santegateway.server.conversation;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.apache.openjpa.persistence.jdbc.Index;

/**
 * A participant of a conversation. The key is the conversation id and the address together, so
 * that a participant is recorded once however many messages race to add it.
 */
@Entity(name = "GatewayConversationParticipant")
@Table(name = "GATEWAY_CONVERSATION_PARTICIPANT")
public class JpaConversationParticipant {
    @Id
    @Column(name = "ID", length = 400, nullable = false)
    private String id;

    @Column(name = "CONVERSATION_ID", length = 36, nullable = false)
    @Index(name = "GATEWAY_CONV_PARTICIPANT_CONV_IDX")
    private String conversationId;

    @Column(name = "ADDRESS", length = 320, nullable = false)
    @Index(name = "GATEWAY_CONV_PARTICIPANT_ADDRESS_IDX")
    private String address;

    @Column(name = "ROLE", length = 16, nullable = false)
    private String role;

    protected JpaConversationParticipant() {
    }

    public JpaConversationParticipant(String conversationId, String address, String role) {
        this.id = key(conversationId, address);
        this.conversationId = conversationId;
        this.address = address;
        this.role = role;
    }

    public static String key(String conversationId, String address) {
        return conversationId + " " + address;
    }

    public String getAddress() {
        return address;
    }

    public String getRole() {
        return role;
    }
}
