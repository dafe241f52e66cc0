package org.santegateway.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.builder.fluent.Configurations;
import org.junit.jupiter.api.Test;

class DatabaseConfigurationTest {
    private static final StorageDirectories DIRECTORIES = new StorageDirectories(Path.of("/srv/gateway/var"));
    private static final String EMBEDDED_DERBY_URL = "jdbc:derby:/srv/gateway/var/derby;create=true";

    @Test
    void embeddedDerbyShouldLiveUnderTheVarDirectory() {
        DatabaseConfiguration configuration = DatabaseConfiguration.embeddedDerby(DIRECTORIES);

        assertThat(configuration.driverClassName()).isEqualTo(DatabaseConfiguration.DERBY_EMBEDDED_DRIVER);
        assertThat(configuration.url()).isEqualTo(EMBEDDED_DERBY_URL);
        assertThat(configuration.username()).isEmpty();
        assertThat(configuration.openJpaProperties()).isEmpty();
    }

    @Test
    void shippedConfigurationFileShouldSelectTheEmbeddedDerbyDatabase() throws Exception {
        Configuration shipped = new Configurations().properties(Path.of("../config/james-database.properties").toFile());

        DatabaseConfiguration configuration = DatabaseConfiguration.from(shipped, DIRECTORIES);

        assertThat(configuration.driverClassName()).isEqualTo(DatabaseConfiguration.DERBY_EMBEDDED_DRIVER);
        assertThat(configuration.url()).isEqualTo(EMBEDDED_DERBY_URL);
    }

    @Test
    void fromShouldReadAnotherDatabaseAndPassOpenJpaKeysThrough() {
        BaseConfiguration properties = new BaseConfiguration();
        properties.addProperty("database.driverClassName", "org.postgresql.Driver");
        properties.addProperty("database.url", "jdbc:postgresql://db/gateway");
        properties.addProperty("database.username", "gateway");
        properties.addProperty("database.password", "secret");
        properties.addProperty("openjpa.jdbc.DBDictionary", "postgres");

        DatabaseConfiguration configuration = DatabaseConfiguration.from(properties, DIRECTORIES);

        assertThat(configuration.driverClassName()).isEqualTo("org.postgresql.Driver");
        assertThat(configuration.url()).isEqualTo("jdbc:postgresql://db/gateway");
        assertThat(configuration.username()).contains("gateway");
        assertThat(configuration.password()).contains("secret");
        assertThat(configuration.openJpaProperties()).containsExactly(java.util.Map.entry("openjpa.jdbc.DBDictionary", "postgres"));
        assertThat(configuration.toString()).doesNotContain("secret");
    }
}
