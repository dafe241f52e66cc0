package org.santegateway.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

class PostgresServerTest {
    @Test
    void startShouldServeTheDatabaseToItsOwnerOnLoopbackOnly() throws Exception {
        try (PostgresServer postgres = PostgresServer.start();
             Connection connection = postgres.connect();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT current_database(), current_user, current_setting('listen_addresses')")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo(PostgresServer.DATABASE);
            assertThat(result.getString(2)).isEqualTo(postgres.username());
            assertThat(result.getString(3)).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void startShouldRefuseAWrongPassword() throws Exception {
        try (PostgresServer postgres = PostgresServer.start()) {
            assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), "wrong").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
        }
    }

    @Test
    void closeShouldStopTheServer() throws Exception {
        PostgresServer postgres = PostgresServer.start();
        postgres.close();

        assertThatThrownBy(() -> postgres.connect().close()).isInstanceOf(SQLException.class);
    }
}
