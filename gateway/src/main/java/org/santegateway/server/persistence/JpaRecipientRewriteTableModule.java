package org.santegateway.server.persistence;

import org.apache.james.rrt.api.AliasReverseResolver;
import org.apache.james.rrt.api.CanSendFrom;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.jpa.JPARecipientRewriteTable;
import org.apache.james.rrt.lib.AliasReverseResolverImpl;
import org.apache.james.rrt.lib.CanSendFromImpl;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.santegateway.server.directory.CachedJpaRecipientRewriteTable;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * Address mappings (aliases, forwards, groups, domain mappings) kept in the database
 * ({@link JPARecipientRewriteTable}, lookups cached by {@link CachedJpaRecipientRewriteTable}), configured from {@code recipientrewritetable.xml}, and the services James
 * derives from them (who may send from which address, reverse alias lookup).
 */
public class JpaRecipientRewriteTableModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(CachedJpaRecipientRewriteTable.class).in(Scopes.SINGLETON);
        bind(JPARecipientRewriteTable.class).to(CachedJpaRecipientRewriteTable.class);
        bind(RecipientRewriteTable.class).to(CachedJpaRecipientRewriteTable.class);

        bind(AliasReverseResolverImpl.class).in(Scopes.SINGLETON);
        bind(AliasReverseResolver.class).to(AliasReverseResolverImpl.class);

        bind(CanSendFromImpl.class).in(Scopes.SINGLETON);
        bind(CanSendFrom.class).to(CanSendFromImpl.class);
    }

    @ProvidesIntoSet
    InitializationOperation configureRecipientRewriteTable(ConfigurationProvider configurationProvider,
                                                           JPARecipientRewriteTable recipientRewriteTable) {
        return InitilizationOperationBuilder
            .forClass(CachedJpaRecipientRewriteTable.class)
            .init(() -> recipientRewriteTable.configure(configurationProvider.getConfiguration("recipientrewritetable")));
    }
}
