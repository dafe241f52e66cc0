package org.santegateway.server.conversation;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.inject.Inject;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.apache.james.webadmin.utils.Responses;
import org.eclipse.jetty.http.HttpStatus;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.conversation.PatientInitiatedMailboxes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin routes for the organisational mailboxes that accept messages patients start:
 *
 * <pre>
 * GET    /gateway/patient-initiated            ["pharmacie@hopital.fr", ...]
 * GET    /gateway/patient-initiated/{address}  200 {"address": "..."} when marked, 404 otherwise
 * PUT    /gateway/patient-initiated/{address}  204: marked (the address must be in a local, non-patient domain)
 * DELETE /gateway/patient-initiated/{address}  204: unmarked (also when it was not marked)
 * </pre>
 */
public class PatientInitiatedMailboxesRoutes implements Routes {
    public static final String BASE_PATH = "/gateway/patient-initiated";
    private static final String ADDRESS = ":address";
    private static final String ONE = BASE_PATH + "/" + ADDRESS;
    private static final Logger LOGGER = LoggerFactory.getLogger(PatientInitiatedMailboxesRoutes.class);

    private final PatientInitiatedMailboxes mailboxes;
    private final DomainList domainList;
    private final PatientDomains patientDomains;
    private final JsonTransformer jsonTransformer;

    @Inject
    public PatientInitiatedMailboxesRoutes(PatientInitiatedMailboxes mailboxes, DomainList domainList,
                                           PatientDomains patientDomains, JsonTransformer jsonTransformer) {
        this.mailboxes = mailboxes;
        this.domainList = domainList;
        this.patientDomains = patientDomains;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, (request, response) -> mailboxes.list().stream().map(MailAddress::asString).toList(), jsonTransformer);
        service.get(ONE, this::get, jsonTransformer);
        service.put(ONE, this::add);
        service.delete(ONE, this::remove);
    }

    private Object get(Request request, Response response) {
        MailAddress address = address(request);
        if (!mailboxes.accepts(address)) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.NOT_FOUND_404)
                .type(ErrorResponder.ErrorType.NOT_FOUND)
                .message("%s does not accept patient-initiated messages", address.asString())
                .haltError();
        }
        return Map.of("address", address.asString());
    }

    private String add(Request request, Response response) throws DomainListException {
        MailAddress address = address(request);
        if (patientDomains.contains(address.getDomain()) || !domainList.containsDomain(address.getDomain())) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.BAD_REQUEST_400)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("Only a mailbox of a local, non-patient domain can accept patient-initiated messages")
                .haltError();
        }
        if (mailboxes.add(address)) {
            LOGGER.info("An organisational mailbox now accepts patient-initiated messages");
        }
        return Responses.returnNoContent(response);
    }

    private String remove(Request request, Response response) {
        if (mailboxes.remove(address(request))) {
            LOGGER.info("An organisational mailbox no longer accepts patient-initiated messages");
        }
        return Responses.returnNoContent(response);
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
