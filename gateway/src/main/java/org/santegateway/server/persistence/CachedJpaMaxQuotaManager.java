package org.santegateway.server.persistence;

import java.util.Map;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Domain;
import org.apache.james.core.quota.QuotaCountLimit;
import org.apache.james.core.quota.QuotaSizeLimit;
import org.apache.james.mailbox.jpa.quota.JPAPerUserMaxQuotaDAO;
import org.apache.james.mailbox.jpa.quota.JPAPerUserMaxQuotaManager;
import org.apache.james.mailbox.model.Quota;
import org.apache.james.mailbox.model.QuotaRoot;
import org.reactivestreams.Publisher;
import org.santegateway.server.directory.DirectoryCache;
import org.santegateway.server.directory.DirectoryCacheSettings;

import reactor.core.publisher.Mono;

/**
 * The quota limits of a quota root (user, domain and global, messages and storage) answered from a
 * {@link DirectoryCache}. James reads the six limits, one statement and one entity manager each, twice for every
 * message appended or delivered (the check before the append, the usage event after it) and once for every expunge;
 * they change only when an admin changes them. A change through this node (WebAdmin, the CLI) clears the cache at
 * once; a change made by another node sharing the database is seen after {@code directory.cache.max.age}.
 */
public class CachedJpaMaxQuotaManager extends JPAPerUserMaxQuotaManager {
    private final DirectoryCache<QuotaRoot, QuotaDetails> limits;

    @Inject
    public CachedJpaMaxQuotaManager(EntityManagerFactory entityManagerFactory, JPAPerUserMaxQuotaDAO dao,
                                    DirectoryCacheSettings settings) {
        super(entityManagerFactory, dao);
        this.limits = new DirectoryCache<>(settings.maxAge());
    }

    private QuotaDetails limits(QuotaRoot quotaRoot) {
        return limits.get(quotaRoot, root -> new QuotaDetails(super.listMaxMessagesDetails(root), super.listMaxStorageDetails(root)));
    }

    @Override
    public QuotaDetails quotaDetails(QuotaRoot quotaRoot) {
        return limits(quotaRoot);
    }

    @Override
    public Publisher<QuotaDetails> quotaDetailsReactive(QuotaRoot quotaRoot) {
        return limits.peek(quotaRoot)
            .map(Mono::just)
            .orElseGet(() -> BlockingCalls.call(() -> limits(quotaRoot)));
    }

    @Override
    public Map<Quota.Scope, QuotaCountLimit> listMaxMessagesDetails(QuotaRoot quotaRoot) {
        return limits(quotaRoot).getMaxMessageDetails();
    }

    @Override
    public Map<Quota.Scope, QuotaSizeLimit> listMaxStorageDetails(QuotaRoot quotaRoot) {
        return limits(quotaRoot).getMaxStorageDetails();
    }

    // Every change, synchronous or reactive (James's reactive forms call these), clears the cache.

    @Override
    public void setMaxStorage(QuotaRoot quotaRoot, QuotaSizeLimit maxStorageQuota) {
        limits.change(() -> super.setMaxStorage(quotaRoot, maxStorageQuota));
    }

    @Override
    public void setMaxMessage(QuotaRoot quotaRoot, QuotaCountLimit maxMessageCount) {
        limits.change(() -> super.setMaxMessage(quotaRoot, maxMessageCount));
    }

    @Override
    public void removeMaxMessage(QuotaRoot quotaRoot) {
        limits.change(() -> super.removeMaxMessage(quotaRoot));
    }

    @Override
    public void removeMaxStorage(QuotaRoot quotaRoot) {
        limits.change(() -> super.removeMaxStorage(quotaRoot));
    }

    @Override
    public void setDomainMaxMessage(Domain domain, QuotaCountLimit count) {
        limits.change(() -> super.setDomainMaxMessage(domain, count));
    }

    @Override
    public void setDomainMaxStorage(Domain domain, QuotaSizeLimit size) {
        limits.change(() -> super.setDomainMaxStorage(domain, size));
    }

    @Override
    public void removeDomainMaxMessage(Domain domain) {
        limits.change(() -> super.removeDomainMaxMessage(domain));
    }

    @Override
    public void removeDomainMaxStorage(Domain domain) {
        limits.change(() -> super.removeDomainMaxStorage(domain));
    }

    @Override
    public void setGlobalMaxStorage(QuotaSizeLimit globalMaxStorage) {
        limits.change(() -> super.setGlobalMaxStorage(globalMaxStorage));
    }

    @Override
    public void setGlobalMaxMessage(QuotaCountLimit globalMaxMessageCount) {
        limits.change(() -> super.setGlobalMaxMessage(globalMaxMessageCount));
    }

    @Override
    public void removeGlobalMaxStorage() {
        limits.change(super::removeGlobalMaxStorage);
    }

    @Override
    public void removeGlobalMaxMessage() {
        limits.change(super::removeGlobalMaxMessage);
    }
}
