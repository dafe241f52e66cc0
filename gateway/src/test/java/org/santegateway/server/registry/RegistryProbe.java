package org.santegateway.server.registry;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;

/** Test access to the registry of a running gateway and to its inactivity rule. */
public class RegistryProbe implements GuiceProbe {
    private final MailboxRegistry registry;
    private final InactivityJob inactivity;
    private final MailboxDeletion deletion;

    @Inject
    RegistryProbe(MailboxRegistry registry, InactivityJob inactivity, MailboxDeletion deletion) {
        this.registry = registry;
        this.inactivity = inactivity;
        this.deletion = deletion;
    }

    public MailboxRegistry registry() {
        return registry;
    }

    public InactivityJob.Run applyInactivityRule() {
        return inactivity.runOnce();
    }

    public void delete(String address) {
        deletion.delete(address);
    }
}
