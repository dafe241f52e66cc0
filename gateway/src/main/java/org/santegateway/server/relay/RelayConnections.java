package org.santegateway.server.relay;

import javax.inject.Inject;

import org.santegateway.server.settings.GatewayProperties;

/**
 * Sets, at start, how many connections remote delivery keeps open at a time to one server
 * ({@value ServerConnectionSlots#KEY} in gateway.properties, default {@value ServerConnectionSlots#DEFAULT}).
 */
public class RelayConnections {
    @Inject
    public RelayConnections(GatewayProperties properties) {
        ServerConnectionSlots.install(properties.integer(ServerConnectionSlots.KEY, ServerConnectionSlots.DEFAULT, 1, 1000));
    }
}
