package org.santegateway.server.directory;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Domain;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.domainlist.jpa.JPADomainList;

/**
 * The domains of the database, with "is this domain ours" answered from a {@link DirectoryCache}:
 * every message asks it several times (each recipient, each matcher that looks for local mail, the
 * conversation policy), and each question was a database transaction.
 */
public class CachedJpaDomainList extends JPADomainList {
    private final DirectoryCache<Domain, Boolean> known;

    @Inject
    public CachedJpaDomainList(DNSService dns, EntityManagerFactory entityManagerFactory, DirectoryCacheSettings settings) {
        super(dns, entityManagerFactory);
        this.known = new DirectoryCache<>(settings.maxAge());
    }

    @Override
    protected boolean containsDomainInternal(Domain domain) throws DomainListException {
        return known.get(domain, super::containsDomainInternal);
    }

    @Override
    public void addDomain(Domain domain) throws DomainListException {
        known.change(() -> super.addDomain(domain));
    }

    @Override
    public void doRemoveDomain(Domain domain) throws DomainListException {
        known.change(() -> super.doRemoveDomain(domain));
    }
}
