package org.santegateway.conversation;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;

/** Whether a domain is served by this gateway. */
@FunctionalInterface
public interface LocalDomains {
    boolean isLocal(Domain domain);

    /** James's domain list; a failure to read it counts as "not local", which only ever restricts. */
    static LocalDomains of(DomainList domainList) {
        return domain -> {
            try {
                return domainList.containsDomain(domain);
            } catch (DomainListException e) {
                return false;
            }
        };
    }
}
