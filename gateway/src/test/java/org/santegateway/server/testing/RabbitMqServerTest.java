package org.santegateway.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;

class RabbitMqServerTest {
    @Test
    void startShouldServeAmqpToItsUserOnLoopback() throws Exception {
        try (RabbitMqServer rabbitMq = RabbitMqServer.start();
             Connection connection = connect(rabbitMq.amqpUri());
             Channel channel = connection.createChannel()) {
            String queue = channel.queueDeclare().getQueue();
            channel.basicPublish("", queue, null, "bonjour".getBytes(StandardCharsets.UTF_8));

            GetResponse response = channel.basicGet(queue, true);
            assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("bonjour");
            assertThat(connection.getAddress().isLoopbackAddress()).isTrue();
        }
    }

    @Test
    void startShouldRefuseAWrongPassword() throws Exception {
        try (RabbitMqServer rabbitMq = RabbitMqServer.start()) {
            String wrong = "amqp://" + RabbitMqServer.USER + ":wrong@127.0.0.1:" + rabbitMq.amqpPort();
            assertThatThrownBy(() -> connect(wrong).close()).isInstanceOf(Exception.class);
        }
    }

    @Test
    void closeShouldStopTheBroker() throws Exception {
        RabbitMqServer rabbitMq = RabbitMqServer.start();
        rabbitMq.close();

        assertThatThrownBy(() -> connect(rabbitMq.amqpUri()).close()).isInstanceOf(IOException.class);
    }

    private static Connection connect(String uri) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(URI.create(uri));
        return factory.newConnection();
    }
}
