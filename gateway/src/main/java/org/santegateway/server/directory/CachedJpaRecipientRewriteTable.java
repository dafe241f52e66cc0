package org.santegateway.server.directory;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.rrt.jpa.JPARecipientRewriteTable;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.lib.Mappings;

/**
 * The address mappings of the database, with lookups answered from a {@link DirectoryCache}: each
 * recipient of each message is looked up several times (rewriting, local-recipient checks, who may
 * send as whom), and each lookup was a database query.
 */
public class CachedJpaRecipientRewriteTable extends JPARecipientRewriteTable {
    private record Address(String user, Domain domain) {
    }

    private final DirectoryCache<Address, Mappings> byAddress;
    private final DirectoryCache<MappingSource, Mappings> bySource;

    @Inject
    public CachedJpaRecipientRewriteTable(DirectoryCacheSettings settings) {
        this.byAddress = new DirectoryCache<>(settings.maxAge());
        this.bySource = new DirectoryCache<>(settings.maxAge());
    }

    @Override
    protected Mappings mapAddress(String user, Domain domain) throws RecipientRewriteTableException {
        return byAddress.get(new Address(user, domain), address -> super.mapAddress(address.user(), address.domain()));
    }

    @Override
    public Mappings getStoredMappings(MappingSource source) throws RecipientRewriteTableException {
        return bySource.get(source, super::getStoredMappings);
    }

    @Override
    public void addMapping(MappingSource source, Mapping mapping) throws RecipientRewriteTableException {
        byAddress.change(() -> bySource.change(() -> super.addMapping(source, mapping)));
    }

    @Override
    public void removeMapping(MappingSource source, Mapping mapping) throws RecipientRewriteTableException {
        byAddress.change(() -> bySource.change(() -> super.removeMapping(source, mapping)));
    }
}
