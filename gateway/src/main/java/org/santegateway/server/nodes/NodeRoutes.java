package org.santegateway.server.nodes;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.santegateway.server.settings.NodeIdentity;

import spark.Service;

/**
 * {@code GET /gateway/nodes} (WebAdmin, authenticated like every route): the node answering ({@code self}) and
 * every node that started on this database, with its first and last start. An operator verifying the audit
 * trail asks each of them for {@code /gateway/audit/verify}: every node keeps its own chain.
 */
public class NodeRoutes implements Routes {
    public static final String BASE_PATH = "/gateway/nodes";

    private final NodeRegistry registry;
    private final NodeIdentity self;
    private final JsonTransformer json;

    @Inject
    public NodeRoutes(NodeRegistry registry, NodeIdentity self, JsonTransformer json) {
        this.registry = registry;
        this.self = self;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, (request, response) -> {
            List<Map<String, Object>> nodes = registry.nodes().stream()
                .map(node -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", node.id());
                    row.put("firstStarted", Instant.ofEpochMilli(node.firstStarted()).toString());
                    row.put("lastStarted", Instant.ofEpochMilli(node.lastStarted()).toString());
                    return row;
                })
                .toList();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("self", self.id());
            body.put("nodes", nodes);
            return body;
        }, json);
    }
}
