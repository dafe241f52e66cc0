package org.santegateway.server.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.santegateway.server.testing.RabbitMqServer;

/**
 * A private RabbitMQ broker for {@code bench/run} (the tests' {@link RabbitMqServer}): started, its
 * {@code rabbitmq.properties} written to the file given as argument, then kept until this process ends (SIGTERM stops
 * the broker through the server's shutdown hook).
 *
 * <pre>
 * java -cp ... org.santegateway.server.bench.PrivateBroker /tmp/bench/rabbitmq.properties
 * </pre>
 */
public final class PrivateBroker {
    private PrivateBroker() {
    }

    public static void main(String[] args) throws Exception {
        RabbitMqServer broker = RabbitMqServer.start();
        Path properties = Path.of(args[0]);
        Path partial = properties.resolveSibling(properties.getFileName() + ".part");
        Files.writeString(partial, "uri=" + broker.address() + "\nuser=" + RabbitMqServer.USER + "\npassword=" + broker.password() + "\n",
            StandardCharsets.UTF_8);
        Files.move(partial, properties);
        Thread.currentThread().join();
    }
}
