package org.santegateway.server.testing;

import java.net.InetSocketAddress;

import javax.inject.Inject;

import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.apache.james.utils.GuiceProbe;

/** The bound port of each SMTP listener, in the order of smtpserver.xml. */
public class SmtpPortsProbe implements GuiceProbe {
    private final SMTPServerFactory smtpServerFactory;

    @Inject
    SmtpPortsProbe(SMTPServerFactory smtpServerFactory) {
        this.smtpServerFactory = smtpServerFactory;
    }

    public int port(int index) {
        InetSocketAddress address = smtpServerFactory.getServers().get(index).getListenAddresses().get(0);
        return address.getPort();
    }
}
