package org.santegateway.server.persistence;

import org.apache.james.events.EventListener;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.indexer.ReIndexer;
import org.apache.james.mailbox.store.search.ListeningMessageSearchIndex;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.apache.james.modules.mailbox.ReIndexingTaskSerializationModule;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.mailbox.tools.indexer.ReIndexerImpl;
import org.apache.mailbox.tools.indexer.ReIndexerPerformer;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * Mailbox search (IMAP SEARCH, WebAdmin) on a Lucene index under {@code <var>/lucene}, kept up to date by a
 * mailbox event listener and committed periodically, repaired in the background after an unclean stop
 * ({@link SearchIndexRepair}); re-indexing tasks rebuild it from the database, reading messages one by one in
 * transactions of their own ({@link ReIndexingMapperFactory}).
 */
public class LuceneSearchModule extends AbstractModule {
    @Override
    protected void configure() {
        install(new ReIndexingTaskSerializationModule());

        bind(SearchIndexFeed.class).toInstance(SearchIndexFeed.EVENT_BUS_GROUP);
        bind(SearchIndexBarrier.class).toInstance(SearchIndexBarrier.NONE);
        bind(StorageDirectories.class).in(Scopes.SINGLETON);
        bind(LuceneIndexDirectory.class).in(Scopes.SINGLETON);
        bind(GatewayLuceneMessageSearchIndex.class).in(Scopes.SINGLETON);
        bind(LuceneIndexCommitter.class).in(Scopes.SINGLETON);
        bind(DetachedMessageReader.class).in(Scopes.SINGLETON);
        bind(ReIndexingMapperFactory.class).in(Scopes.SINGLETON);
        bind(SearchIndexRepair.class).in(Scopes.SINGLETON);
        bind(ReIndexerImpl.class).in(Scopes.SINGLETON);

        bind(MessageSearchIndex.class).to(GatewayLuceneMessageSearchIndex.class);
        bind(ListeningMessageSearchIndex.class).to(GatewayLuceneMessageSearchIndex.class);
        bind(ReIndexer.class).to(ReIndexerImpl.class);

        Multibinder.newSetBinder(binder(), EventListener.ReactiveGroupEventListener.class)
            .addBinding().to(GatewayLuceneMessageSearchIndex.class);
    }

    @Provides
    @Singleton
    ReIndexerPerformer provideReIndexerPerformer(MailboxManager mailboxManager, ListeningMessageSearchIndex index,
                                                 ReIndexingMapperFactory mapperFactory) {
        return new ReIndexerPerformer(mailboxManager, index, mapperFactory);
    }

    @ProvidesIntoSet
    InitializationOperation startIndexCommitter(LuceneIndexCommitter committer) {
        return InitilizationOperationBuilder
            .forClass(LuceneIndexCommitter.class)
            .init(committer::start);
    }

    @ProvidesIntoSet
    InitializationOperation startIndexRepair(SearchIndexRepair repair) {
        return InitilizationOperationBuilder
            .forClass(SearchIndexRepair.class)
            .init(repair::start);
    }
}
