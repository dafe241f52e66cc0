package org.santegateway.conversation;

import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.MailAddress;

/**
 * A sender or recipient with its role, as the policy sees it.
 *
 * @param address                    the address (absent for a null sender)
 * @param role                       its role
 * @param acceptsPatientInitiated    an organisational mailbox marked as accepting messages patients start
 */
public record Party(Optional<MailAddress> address, Role role, boolean acceptsPatientInitiated) {
    public Party {
        Objects.requireNonNull(address);
        Objects.requireNonNull(role);
    }

    public static Party of(MailAddress address, Role role) {
        return new Party(Optional.of(address), role, false);
    }

    public MailAddress requireAddress() {
        return address.orElseThrow(() -> new IllegalStateException("no address for a " + role + " party"));
    }
}
