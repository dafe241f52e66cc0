package org.santegateway.server.testing;

import java.net.InetSocketAddress;

import javax.inject.Inject;

import org.apache.james.imapserver.netty.IMAPServerFactory;
import org.apache.james.utils.GuiceProbe;

/** The bound port of each IMAP listener, in the order of imapserver.xml. */
public class ImapPortsProbe implements GuiceProbe {
    private final IMAPServerFactory imapServerFactory;

    @Inject
    ImapPortsProbe(IMAPServerFactory imapServerFactory) {
        this.imapServerFactory = imapServerFactory;
    }

    public int port(int index) {
        InetSocketAddress address = imapServerFactory.getServers().get(index).getListenAddresses().get(0);
        return address.getPort();
    }
}
