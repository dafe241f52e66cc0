package org.santegateway.conversation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;

/** Builds {@link PolicyRequest}s: roles of the sender and recipients, organisational mailboxes. */
public class PolicyRequests {
    private final RoleResolver roles;
    private final PatientInitiatedMailboxes patientInitiatedMailboxes;

    @Inject
    public PolicyRequests(RoleResolver roles, PatientInitiatedMailboxes patientInitiatedMailboxes) {
        this.roles = roles;
        this.patientInitiatedMailboxes = patientInitiatedMailboxes;
    }

    public PolicyRequest build(SenderIdentity sender, Collection<MailAddress> recipients, MessageThreading threading, long size) {
        return build(sender(sender), recipients, threading, size);
    }

    /** A request for a sender whose role was decided before ({@link #sender(SenderIdentity, Role)}). */
    public PolicyRequest build(Party sender, Collection<MailAddress> recipients, MessageThreading threading, long size) {
        List<Party> parties = new ArrayList<>(recipients.size());
        for (MailAddress recipient : recipients) {
            parties.add(recipient(recipient));
        }
        return new PolicyRequest(sender, parties, threading, size);
    }

    public Party sender(SenderIdentity sender) {
        return sender(sender, roles.senderRole(sender));
    }

    /** The sender as a party, with the role {@link RoleResolver#senderRole} gave it. */
    public Party sender(SenderIdentity sender, Role role) {
        return new Party(sender.address(), role, false);
    }

    public Party recipient(MailAddress recipient) {
        Role role = roles.recipientRole(recipient);
        boolean organisational = role == Role.PROFESSIONAL && patientInitiatedMailboxes.accepts(recipient);
        return new Party(java.util.Optional.of(recipient), role, organisational);
    }

    public RoleResolver roles() {
        return roles;
    }
}
