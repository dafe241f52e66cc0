package org.santegateway.matchers;

import java.util.Collection;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.santegateway.trust.OperatorTrust;

/**
 * Matches the recipients whose domain is on the trust list in force. With James's {@code Not},
 * sends the others to a bounce before remote delivery: mail is relayed only inside the trust space.
 *
 * <pre>{@code
 * <matcher name="outside-trust-space" match="org.apache.james.mailetcontainer.impl.matchers.Not">
 *     <matcher match="org.santegateway.matchers.RecipientIsInTrustSpace"/>
 * </matcher>
 * <mailet match="outside-trust-space" class="ToProcessor"><processor>relay-untrusted</processor></mailet>
 * }</pre>
 */
public class RecipientIsInTrustSpace extends GenericMatcher {
    private final OperatorTrust trust;

    @Inject
    public RecipientIsInTrustSpace(OperatorTrust trust) {
        this.trust = trust;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return mail.getRecipients().stream()
            .filter(recipient -> trust.isKnownDomain(recipient.getDomain().asString()))
            .toList();
    }

    @Override
    public String getMatcherInfo() {
        return "Recipients whose domain is on the trust list";
    }
}
