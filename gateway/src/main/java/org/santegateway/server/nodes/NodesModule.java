package org.santegateway.server.nodes;

import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.webadmin.Routes;
import org.santegateway.server.cluster.ClusterSettings;
import org.santegateway.server.GatewaySettings;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/** The nodes sharing the database: the start-time check of their shared keys and the node list route. */
public class NodesModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(NodeRegistry.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(NodeRoutes.class);
    }

    @Provides
    @Singleton
    NodeRegistry.EventBus eventBus(GatewaySettings settings) {
        return ClusterSettings.selected(settings) ? NodeRegistry.EventBus.RABBITMQ : NodeRegistry.EventBus.IN_VM;
    }

    @ProvidesIntoSet
    InitializationOperation checkSharedKeys(NodeRegistry registry) {
        return InitilizationOperationBuilder.forClass(NodeRegistry.class).init(registry::start);
    }
}
