package org.santegateway.conversation;

import java.util.Set;

import org.apache.james.core.Domain;

/**
 * Domains of other operators of the trust space, whose senders are professionals. The gateway's
 * default reads them from {@code gateway.properties}; the trust list replaces it.
 */
@FunctionalInterface
public interface TrustedOperatorDomains {
    boolean isTrusted(Domain domain);

    static TrustedOperatorDomains of(Set<Domain> domains) {
        Set<Domain> copy = Set.copyOf(domains);
        return copy::contains;
    }
}
