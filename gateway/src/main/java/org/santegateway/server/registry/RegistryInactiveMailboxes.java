package org.santegateway.server.registry;

import java.util.Locale;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.santegateway.delivery.InactiveMailboxes;

/**
 * The recipients the registry says are suspended or closed (one primary-key read per local recipient). James users
 * without a registry row are active.
 */
public class RegistryInactiveMailboxes implements InactiveMailboxes {
    private final MailboxRegistry registry;

    @Inject
    public RegistryInactiveMailboxes(MailboxRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean contains(MailAddress recipient) {
        return registry.find(recipient.asString().toLowerCase(Locale.ROOT))
            .filter(mailbox -> mailbox.state() != MailboxState.ACTIVE)
            .isPresent();
    }
}
