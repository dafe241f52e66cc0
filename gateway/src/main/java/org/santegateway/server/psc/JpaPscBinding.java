package org.santegateway.server.psc;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

/**
 * A mailbox a professional may open with their Pro Santé Connect identity. Kept apart from the
 * mailbox itself so that it joins the mailbox registry when there is one: a row per (national
 * identifier, mailbox) pair.
 */
@Entity(name = "GatewayPscBinding")
@Table(name = "GATEWAY_PSC_BINDING", indexes = @Index(name = "GATEWAY_PSC_BINDING_ID", columnList = "NATIONAL_ID"))
public class JpaPscBinding {
    @Id
    @Column(name = "BINDING_KEY", length = 400, nullable = false)
    private String key;

    @Column(name = "NATIONAL_ID", length = 64, nullable = false)
    private String nationalId;

    @Column(name = "MAILBOX", length = 320, nullable = false)
    private String mailbox;

    @Column(name = "BOUND_AT", nullable = false)
    private long boundAt;

    protected JpaPscBinding() {
    }

    public JpaPscBinding(String nationalId, String mailbox, long boundAt) {
        this.key = key(nationalId, mailbox);
        this.nationalId = nationalId;
        this.mailbox = mailbox;
        this.boundAt = boundAt;
    }

    static String key(String nationalId, String mailbox) {
        return nationalId + " " + mailbox;
    }

    public String getNationalId() {
        return nationalId;
    }

    public String getMailbox() {
        return mailbox;
    }
}
