package org.santegateway.server.registry;

import java.time.Clock;

import javax.inject.Inject;

import org.santegateway.login.MailboxActivity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records each successful login in the registry row of the mailbox, for the inactivity rule ({@link InactivityJob}). */
public class RegistryMailboxActivity implements MailboxActivity {
    private static final Logger LOGGER = LoggerFactory.getLogger(RegistryMailboxActivity.class);

    private final MailboxRegistry registry;
    private final Clock clock;

    @Inject
    public RegistryMailboxActivity(MailboxRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public void loggedIn(String mailbox) {
        try {
            registry.recordLogin(mailbox, clock.instant());
        } catch (RuntimeException e) {
            // The login stands; the next one records the use.
            LOGGER.warn("A login could not be recorded in the mailbox registry: {}", e.getClass().getSimpleName());
        }
    }
}
