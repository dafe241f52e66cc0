package org.santegateway.server.registry;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.santegateway.delivery.InactiveMailboxes;

/**
 * The mailboxes the registry says are suspended or closed (one primary-key read per local recipient, login, or
 * message submitted). James users without a registry row are active.
 */
public class RegistryInactiveMailboxes implements InactiveMailboxes {
    private final MailboxRegistry registry;

    @Inject
    public RegistryInactiveMailboxes(MailboxRegistry registry) {
        this.registry = registry;
    }

    /** One read of the registry's entries modified since then (indexed on {@code MODIFIED_AT}). */
    @Override
    public Set<String> inactiveChangedSince(Instant since) {
        return registry.changedSince(since).stream()
            .filter(mailbox -> mailbox.state() != MailboxState.ACTIVE)
            .map(mailbox -> mailbox.address().toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public boolean isInactive(String address) {
        return registry.find(address.trim().toLowerCase(Locale.ROOT))
            .filter(mailbox -> mailbox.state() != MailboxState.ACTIVE)
            .isPresent();
    }
}
