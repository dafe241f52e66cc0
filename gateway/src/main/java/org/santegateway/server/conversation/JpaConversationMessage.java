package org.santegateway.server.conversation;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.apache.openjpa.persistence.jdbc.Index;

/**
 * A message of a conversation, by the SHA-256 of its Message-ID: the primary key is the index that
 * finds a conversation from any of its messages, and makes a message belong to one conversation.
 */
@Entity(name = "GatewayConversationMessage")
@Table(name = "GATEWAY_CONVERSATION_MESSAGE")
public class JpaConversationMessage {
    @Id
    @Column(name = "MESSAGE_HASH", length = 64, nullable = false)
    private String messageHash;

    @Column(name = "CONVERSATION_ID", length = 36, nullable = false)
    @Index(name = "GATEWAY_CONV_MESSAGE_CONV_IDX")
    private String conversationId;

    @Column(name = "RECORDED_AT", nullable = false)
    private long recordedAt;

    protected JpaConversationMessage() {
    }

    public JpaConversationMessage(String messageHash, String conversationId, long recordedAt) {
        this.messageHash = messageHash;
        this.conversationId = conversationId;
        this.recordedAt = recordedAt;
    }

    public String getMessageHash() {
        return messageHash;
    }

    public String getConversationId() {
        return conversationId;
    }
}
