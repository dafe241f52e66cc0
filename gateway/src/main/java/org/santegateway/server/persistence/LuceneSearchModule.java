package org.santegateway.server.persistence;

import org.apache.james.events.EventListener;
import org.apache.james.mailbox.indexer.ReIndexer;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.apache.james.mailbox.store.search.ListeningMessageSearchIndex;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.apache.james.modules.mailbox.ReIndexingTaskSerializationModule;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.lucene.store.Directory;
import org.apache.mailbox.tools.indexer.ReIndexerImpl;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * Mailbox search (IMAP SEARCH, WebAdmin) on a Lucene index under {@code <var>/lucene}, kept up to date by a
 * mailbox event listener and committed periodically; re-indexing tasks rebuild it from the database.
 */
public class LuceneSearchModule extends AbstractModule {
    @Override
    protected void configure() {
        install(new ReIndexingTaskSerializationModule());

        bind(StorageDirectories.class).in(Scopes.SINGLETON);
        bind(LuceneIndexDirectory.class).in(Scopes.SINGLETON);
        bind(LuceneMessageSearchIndex.class).in(Scopes.SINGLETON);
        bind(LuceneIndexCommitter.class).in(Scopes.SINGLETON);
        bind(ReIndexerImpl.class).in(Scopes.SINGLETON);

        bind(MessageSearchIndex.class).to(LuceneMessageSearchIndex.class);
        bind(ListeningMessageSearchIndex.class).to(LuceneMessageSearchIndex.class);
        bind(ReIndexer.class).to(ReIndexerImpl.class);

        Multibinder.newSetBinder(binder(), EventListener.ReactiveGroupEventListener.class)
            .addBinding().to(LuceneMessageSearchIndex.class);
    }

    @Provides
    @Singleton
    Directory provideDirectory(LuceneIndexDirectory indexDirectory) {
        return indexDirectory.directory();
    }

    @ProvidesIntoSet
    InitializationOperation startIndexCommitter(LuceneIndexCommitter committer) {
        return InitilizationOperationBuilder
            .forClass(LuceneIndexCommitter.class)
            .init(committer::start);
    }
}
