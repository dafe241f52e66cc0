package org.santegateway.server.admin;

import java.util.List;

import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.webadmin.PublicRoutes;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.WebAdminConfiguration;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.apache.james.webadmin.mdc.LoggingRequestFilter;

import spark.Service;

/**
 * James's WebAdmin server without public routes. James answers {@link PublicRoutes} (its
 * {@code /healthcheck} routes) without a token, and their answers name the components and the
 * causes of their failures (certificates, trust list, CRLs); here every route, health checks
 * included, sits behind the authentication filter. The routes themselves are unchanged.
 */
public class AuthenticatedWebAdminServer extends WebAdminServer {
    @Inject
    AuthenticatedWebAdminServer(WebAdminConfiguration configuration, @Named("webAdminRoutes") List<Routes> routes,
                                AuthenticationFilter authenticationFilter, MetricFactory metricFactory,
                                LoggingRequestFilter loggingRequestFilter) {
        super(configuration, routes.stream().map(AuthenticatedWebAdminServer::authenticated).toList(),
            authenticationFilter, metricFactory, loggingRequestFilter);
    }

    private static Routes authenticated(Routes routes) {
        return routes instanceof PublicRoutes ? new Authenticated(routes) : routes;
    }

    /** The same routes, no longer marked public: the server puts the filter before their base path. */
    private record Authenticated(Routes routes) implements Routes {
        @Override
        public String getBasePath() {
            return routes.getBasePath();
        }

        @Override
        public void define(Service service) {
            routes.define(service);
        }
    }
}
