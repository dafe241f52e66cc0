package org.santegateway.conversation;

import java.util.Set;

import org.apache.james.core.Domain;

/** The domains whose mailboxes are patients' ({@code patient.domains} of {@code gateway.properties}). */
public record PatientDomains(Set<Domain> domains) {
    public PatientDomains {
        domains = Set.copyOf(domains);
    }

    public static PatientDomains of(Domain... domains) {
        return new PatientDomains(Set.of(domains));
    }

    public boolean contains(Domain domain) {
        return domains.contains(domain);
    }
}
