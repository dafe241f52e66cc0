package org.santegateway.server.webmail;

import java.util.Map;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;

import spark.Service;

/**
 * WebAdmin view of the patients' personal addresses (the addresses themselves are never listed: they identify
 * patients):
 *
 * <pre>
 * GET /gateway/notification-addresses   {"failing": 3}: registered addresses whose mail server refused a notice for good
 * </pre>
 */
public class NotificationAddressesRoutes implements Routes {
    public static final String BASE_PATH = "/gateway/notification-addresses";

    private final NotificationAddresses addresses;
    private final JsonTransformer jsonTransformer;

    @Inject
    public NotificationAddressesRoutes(NotificationAddresses addresses, JsonTransformer jsonTransformer) {
        this.addresses = addresses;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, (request, response) -> Map.of("failing", addresses.failingCount()), jsonTransformer);
    }
}
