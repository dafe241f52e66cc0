package org.santegateway.server.persistence;

import java.io.FileNotFoundException;

import javax.persistence.EntityManagerFactory;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.jpa.healthcheck.JPAHealthCheck;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;

/**
 * Binds the JPA {@link EntityManagerFactory} every JPA store of the gateway uses, configured from
 * {@code james-database.properties} (embedded Derby under the var directory when the file is absent), and its
 * health check.
 */
public class JpaEntityManagerFactoryModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(JpaEntityManagerFactoryModule.class);
    private static final String CONFIGURATION_FILE = "james-database";

    @Override
    protected void configure() {
        bind(StorageDirectories.class).in(Scopes.SINGLETON);
        bind(ManagedEntityManagerFactory.class).in(Scopes.SINGLETON);
        // Bound by GatewayServer when the start began opening the database before James (DatabaseOpening).
        OptionalBinder.newOptionalBinder(binder(), DatabaseOpening.class);

        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(JPAHealthCheck.class);
    }

    @Provides
    @Singleton
    DatabaseConfiguration provideDatabaseConfiguration(PropertiesProvider propertiesProvider, StorageDirectories directories)
        throws ConfigurationException {
        return databaseConfiguration(propertiesProvider, directories);
    }

    static DatabaseConfiguration databaseConfiguration(PropertiesProvider propertiesProvider, StorageDirectories directories)
        throws ConfigurationException {
        try {
            return DatabaseConfiguration.from(propertiesProvider.getConfiguration(CONFIGURATION_FILE), directories);
        } catch (FileNotFoundException e) {
            LOGGER.info("No {}.properties: using the embedded Derby database under {}", CONFIGURATION_FILE, directories.varDirectory());
            return DatabaseConfiguration.embeddedDerby(directories);
        }
    }

    @Provides
    @Singleton
    EntityManagerFactory provideEntityManagerFactory(ManagedEntityManagerFactory managedEntityManagerFactory) {
        return managedEntityManagerFactory.entityManagerFactory();
    }
}
