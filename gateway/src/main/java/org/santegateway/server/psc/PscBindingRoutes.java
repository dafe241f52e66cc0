package org.santegateway.server.psc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.inject.Inject;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.apache.james.webadmin.utils.Responses;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin routes binding a professional's Pro Santé Connect national identifier (RPPS: 8 then 11
 * digits) to the mailboxes their tokens may open:
 *
 * <pre>
 * GET    /gateway/psc/bindings/{nationalId}            {"nationalId": "...", "mailboxes": ["dr.martin@hopital.fr", ...]}
 * PUT    /gateway/psc/bindings/{nationalId}/{address}  204: bound (the mailbox must be an existing account)
 * DELETE /gateway/psc/bindings/{nationalId}/{address}  204: unbound (also when it was not bound)
 * </pre>
 * Behind the WebAdmin token like every route; each change is audited by {@link PscBindings}.
 */
public class PscBindingRoutes implements Routes {
    public static final String BASE_PATH = "/gateway/psc/bindings";
    private static final String ID = ":nationalId";
    private static final String ADDRESS = ":address";
    private static final String ONE_ID = BASE_PATH + "/" + ID;
    private static final String ONE_BINDING = ONE_ID + "/" + ADDRESS;
    private static final Logger LOGGER = LoggerFactory.getLogger(PscBindingRoutes.class);

    private final PscBindings bindings;
    private final UsersRepository users;
    private final JsonTransformer jsonTransformer;

    @Inject
    public PscBindingRoutes(PscBindings bindings, UsersRepository users, JsonTransformer jsonTransformer) {
        this.bindings = bindings;
        this.users = users;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(ONE_ID, (request, response) -> {
            String id = nationalId(request);
            return Map.of("nationalId", id, "mailboxes", bindings.mailboxesOf(id));
        }, jsonTransformer);
        service.put(ONE_BINDING, this::bind);
        service.delete(ONE_BINDING, this::unbind);
    }

    private String bind(Request request, Response response) throws UsersRepositoryException {
        String id = nationalId(request);
        MailAddress address = address(request);
        if (!users.contains(Username.of(address.asString()))) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.BAD_REQUEST_400)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("Only an existing mailbox can be bound")
                .haltError();
        }
        if (bindings.bind(id, address)) {
            LOGGER.info("A PSC identity was bound to a mailbox");
        }
        return Responses.returnNoContent(response);
    }

    private String unbind(Request request, Response response) {
        if (bindings.unbind(nationalId(request), address(request))) {
            LOGGER.info("A PSC identity was unbound from a mailbox");
        }
        return Responses.returnNoContent(response);
    }

    private static String nationalId(Request request) {
        String id = URLDecoder.decode(request.params(ID), StandardCharsets.UTF_8);
        if (!PscBindings.isNationalId(id)) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.BAD_REQUEST_400)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("Invalid national identifier")
                .haltError();
        }
        return id;
    }

    private static MailAddress address(Request request) {
        String raw = URLDecoder.decode(request.params(ADDRESS), StandardCharsets.UTF_8);
        try {
            return new MailAddress(raw);
        } catch (AddressException e) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.BAD_REQUEST_400)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("Invalid address")
                .haltError();
        }
    }
}
