package org.santegateway.server.registry;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.HttpStatus;

import com.fasterxml.jackson.databind.JsonNode;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin routes of the catalogue of certified applications and of the certificates of application mailboxes (JSON;
 * the JWT filter authenticates every call). Every change, accepted or refused, is audited.
 *
 * <pre>
 * GET    /gateway/applications                                     the catalogue
 * GET    /gateway/applications/{id}                                one application
 * PUT    /gateway/applications/{id}                                {"editor","product","version","certification"}: add (201) or change (200)
 * POST   /gateway/applications/{id}/state                          {"state": "REFERENCED"|"SUSPENDED"|"WITHDRAWN"}; takes effect at once
 * GET    /gateway/registry/mailboxes/{address}/certificates        the certificates bound to an APP mailbox
 * POST   /gateway/registry/mailboxes/{address}/certificates        {"application", "certificate": PEM} or {"application", "subject", "issuer"} (201)
 * DELETE /gateway/registry/mailboxes/{address}/certificates/{id}   removes a binding (204)
 * </pre>
 */
public class ApplicationRoutes implements Routes {
    public static final String BASE_PATH = "/gateway/applications";
    private static final String APPLICATION = BASE_PATH + "/:id";
    private static final String CERTIFICATES = RegistryRoutes.BASE_PATH + "/mailboxes/:address/certificates";

    private final ApplicationCatalogue catalogue;
    private final MailboxRegistrations registrations;
    private final RegistryAudit audit;
    private final JsonTransformer jsonTransformer;

    @Inject
    public ApplicationRoutes(ApplicationCatalogue catalogue, MailboxRegistrations registrations, RegistryAudit audit,
                             JsonTransformer jsonTransformer) {
        this.catalogue = catalogue;
        this.registrations = registrations;
        this.audit = audit;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, (request, response) -> catalogue.list().stream().map(ApplicationRoutes::json).toList(), jsonTransformer);
        service.get(APPLICATION, (request, response) -> RegistryRoutes.refusalsAnswered(() -> json(catalogue.application(id(request)))),
            jsonTransformer);
        service.put(APPLICATION, this::put, jsonTransformer);
        service.post(APPLICATION + "/state", this::changeState, jsonTransformer);
        service.get(CERTIFICATES, (request, response) -> RegistryRoutes.refusalsAnswered(
            () -> catalogue.certificates(address(request)).stream().map(ApplicationRoutes::json).toList()), jsonTransformer);
        service.post(CERTIFICATES, this::bind, jsonTransformer);
        service.delete(CERTIFICATES + "/:binding", this::unbind);
    }

    private Object put(Request request, Response response) {
        String id = id(request);
        boolean exists = catalogue.find(id).isPresent();
        CertifiedApplication application = audited(request, exists ? "application.update" : "application.create", "application:" + id, () -> {
            JsonNode body = RegistryRoutes.body(request);
            ApplicationCatalogue.Details details = RegistryRoutes.invalidAs(() -> new ApplicationCatalogue.Details(
                RegistryJson.text(body, "editor"), RegistryJson.text(body, "product"), RegistryJson.text(body, "version"),
                RegistryJson.text(body, "certification")));
            return exists ? catalogue.update(id, details) : catalogue.create(id, details);
        });
        response.status(exists ? HttpStatus.OK_200 : HttpStatus.CREATED_201);
        return json(application);
    }

    private Object changeState(Request request, Response response) {
        String id = id(request);
        return json(audited(request, "application.state", "application:" + id, () -> {
            JsonNode body = RegistryRoutes.body(request);
            ApplicationState state = RegistryRoutes.invalidAs(() -> state(RegistryJson.text(body, "state")));
            return catalogue.changeState(id, state);
        }));
    }

    private Object bind(Request request, Response response) {
        String address = address(request);
        ApplicationCertificate binding = audited(request, "certificate.bind", "mailbox:" + address, () -> {
            JsonNode body = RegistryRoutes.body(request);
            String application = RegistryRoutes.invalidAs(() -> RegistryJson.text(body, "application"));
            if (application == null) {
                throw new RegistryRefusal(RegistryRefusal.Reason.INVALID, "invalid_field", "application is required");
            }
            return catalogue.bind(address, application, Optional.ofNullable(RegistryRoutes.invalidAs(() -> RegistryJson.text(body, "certificate"))),
                Optional.ofNullable(RegistryRoutes.invalidAs(() -> RegistryJson.text(body, "subject"))),
                Optional.ofNullable(RegistryRoutes.invalidAs(() -> RegistryJson.text(body, "issuer"))));
        });
        response.status(HttpStatus.CREATED_201);
        return json(binding);
    }

    private Object unbind(Request request, Response response) {
        String address = address(request);
        audited(request, "certificate.unbind", "mailbox:" + address, () -> {
            catalogue.unbind(address, request.params(":binding"));
            return Boolean.TRUE;
        });
        response.status(HttpStatus.NO_CONTENT_204);
        return "";
    }

    private <T> T audited(Request request, String action, String object, Supplier<T> change) {
        try {
            T result = change.get();
            audit.catalogue(RegistryRoutes.login(request), action, object, Optional.empty());
            return result;
        } catch (RegistryRefusal refusal) {
            audit.catalogue(RegistryRoutes.login(request), action, object, Optional.of(refusal.code()));
            throw RegistryRoutes.halt(refusal);
        }
    }

    private String address(Request request) {
        String raw = URLDecoder.decode(request.params(":address"), StandardCharsets.UTF_8);
        return RegistryRoutes.refusalsAnswered(() -> registrations.normalise(raw));
    }

    private static String id(Request request) {
        return URLDecoder.decode(request.params(":id"), StandardCharsets.UTF_8);
    }

    static ApplicationState state(String value) {
        try {
            return ApplicationState.valueOf(String.valueOf(value).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state must be REFERENCED, SUSPENDED or WITHDRAWN");
        }
    }

    static Map<String, Object> json(CertifiedApplication application) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", application.id());
        json.put("editor", application.editor());
        json.put("product", application.product());
        json.put("version", application.version());
        json.put("certification", application.certification());
        json.put("state", application.state().name());
        json.put("createdAt", application.createdAt().toString());
        json.put("modifiedAt", application.modifiedAt().toString());
        return json;
    }

    static Map<String, Object> json(ApplicationCertificate certificate) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", certificate.id());
        json.put("mailbox", certificate.mailbox());
        json.put("application", certificate.application());
        json.put("subject", certificate.subject());
        json.put("issuer", certificate.issuer());
        certificate.sha256().ifPresent(sha256 -> json.put("sha256", sha256));
        json.put("createdAt", certificate.createdAt().toString());
        return json;
    }
}
