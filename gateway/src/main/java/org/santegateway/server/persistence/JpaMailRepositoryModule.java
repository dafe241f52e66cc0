package org.santegateway.server.persistence;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.mailrepository.api.MailRepositoryFactory;
import org.apache.james.mailrepository.api.MailRepositoryUrlStore;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.jpa.JPAMailRepository;
import org.apache.james.mailrepository.jpa.JPAMailRepositoryUrlStore;
import org.apache.james.mailrepository.memory.MailRepositoryStoreConfiguration;

import com.google.common.collect.ImmutableList;
import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;

/**
 * Mail repositories (error, quarantine, address-error...) kept in the database: URLs {@code jpa://<name>}, for
 * instance {@code jpa://var/mail/error/}, served by {@link JPAMailRepository} (through {@link BoundedErrorJpaMailRepository}, which stores a mail whatever the length of its error message). {@code mailrepositorystore.xml}
 * declares the protocols; without it, {@code jpa} is the only and default one. The list of repositories that
 * exist is kept in the database too ({@link JPAMailRepositoryUrlStore}), so WebAdmin still lists them after a
 * restart.
 */
public class JpaMailRepositoryModule extends AbstractModule {
    public static final Protocol JPA_PROTOCOL = new Protocol("jpa");

    @Override
    protected void configure() {
        bind(JPAMailRepositoryUrlStore.class).in(Scopes.SINGLETON);
        bind(MailRepositoryUrlStore.class).to(JPAMailRepositoryUrlStore.class);

        bind(MailRepositoryStoreConfiguration.Item.class)
            .toProvider(() -> new MailRepositoryStoreConfiguration.Item(
                ImmutableList.of(JPA_PROTOCOL),
                JPAMailRepository.class.getName(),
                new BaseHierarchicalConfiguration()));

        Multibinder.newSetBinder(binder(), MailRepositoryFactory.class)
            .addBinding().to(BoundedErrorJpaMailRepository.Factory.class);
    }
}
