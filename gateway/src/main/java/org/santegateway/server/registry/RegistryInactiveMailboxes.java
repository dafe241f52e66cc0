package org.santegateway.server.registry;

import java.util.Locale;

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

    @Override
    public boolean isInactive(String address) {
        return registry.find(address.trim().toLowerCase(Locale.ROOT))
            .filter(mailbox -> mailbox.state() != MailboxState.ACTIVE)
            .isPresent();
    }
}
