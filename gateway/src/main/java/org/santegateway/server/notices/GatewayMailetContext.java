package org.santegateway.server.notices;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.mailetcontainer.api.LocalResources;
import org.apache.james.mailetcontainer.impl.JamesMailetContext;
import org.apache.james.queue.api.MailQueueFactory;

/**
 * James's mailet context whose postmaster is the configured {@link NoticeSettings#POSTMASTER}: the
 * {@code From:} of every DSN ({@code DSNBounce}), MDN and notice, and the signer's domain of the
 * notices that leave for other operators.
 */
public class GatewayMailetContext extends JamesMailetContext {
    private final MailAddress postmaster;

    @Inject
    public GatewayMailetContext(DNSService dns, DomainList domains, LocalResources localResources, MailQueueFactory<?> mailQueueFactory,
                                NoticeSettings settings) {
        super(dns, domains, localResources, mailQueueFactory);
        this.postmaster = settings.postmaster();
    }

    @Override
    public MailAddress getPostmaster() {
        return postmaster;
    }
}
