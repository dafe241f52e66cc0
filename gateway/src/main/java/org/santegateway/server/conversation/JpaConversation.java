package org.santegateway.server.conversation;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.Version;

/** A conversation row: identity, root message, state, dates. Participants and messages have their own tables. */
@Entity(name = "GatewayConversation")
@Table(name = "GATEWAY_CONVERSATION")
public class JpaConversation {
    @Id
    @Column(name = "ID", length = 36, nullable = false)
    private String id;

    @Column(name = "ROOT_MESSAGE_HASH", length = 64, nullable = false)
    private String rootMessageHash;

    @Column(name = "STATE", length = 8, nullable = false)
    private String state;

    @Column(name = "OPENED_AT", nullable = false)
    private long openedAt;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

    @Version
    @Column(name = "VERSION")
    private long version;

    protected JpaConversation() {
    }

    public JpaConversation(String id, String rootMessageHash, String state, long openedAt, long updatedAt) {
        this.id = id;
        this.rootMessageHash = rootMessageHash;
        this.state = state;
        this.openedAt = openedAt;
        this.updatedAt = updatedAt;
    }

    public String getId() {
        return id;
    }

    public String getRootMessageHash() {
        return rootMessageHash;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public long getOpenedAt() {
        return openedAt;
    }

    public long getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(long updatedAt) {
        this.updatedAt = updatedAt;
    }
}
