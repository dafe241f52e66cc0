package org.santegateway.server.outside;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;
import org.santegateway.server.webmail.NotificationAddresses;

/** Test access to the personal addresses patients registered. */
public class NotificationsProbe implements GuiceProbe {
    private final NotificationAddresses addresses;

    @Inject
    NotificationsProbe(NotificationAddresses addresses) {
        this.addresses = addresses;
    }

    public NotificationAddresses addresses() {
        return addresses;
    }
}
