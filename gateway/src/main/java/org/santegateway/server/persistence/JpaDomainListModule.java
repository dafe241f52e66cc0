package org.santegateway.server.persistence;

import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.jpa.JPADomainList;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.santegateway.server.directory.CachedJpaDomainList;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * The domains the gateway serves, kept in the database ({@link JPADomainList}, its answers cached by
 * {@link CachedJpaDomainList}) and configured from {@code domainlist.xml}.
 */
public class JpaDomainListModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(CachedJpaDomainList.class).in(Scopes.SINGLETON);
        bind(JPADomainList.class).to(CachedJpaDomainList.class);
        bind(DomainList.class).to(CachedJpaDomainList.class);
    }

    @ProvidesIntoSet
    InitializationOperation configureDomainList(DomainListConfiguration configuration, JPADomainList domainList) {
        return InitilizationOperationBuilder
            .forClass(CachedJpaDomainList.class)
            .init(() -> domainList.configure(configuration));
    }
}
