package org.santegateway.server.dmp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.apache.james.webadmin.utils.Responses;
import org.eclipse.jetty.http.HttpStatus;
import org.santegateway.dmp.AccessEvent;
import org.santegateway.dmp.AccessOutcome;
import org.santegateway.dmp.Author;
import org.santegateway.dmp.CodedValue;
import org.santegateway.dmp.DmpStore;
import org.santegateway.dmp.DmpStoreException;
import org.santegateway.dmp.DocumentId;
import org.santegateway.dmp.DocumentMetadata;
import org.santegateway.dmp.Ins;
import org.santegateway.dmp.StoredDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import spark.HaltException;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * WebAdmin routes of the DMP store (JSON; the JWT filter authenticates every call). The admin
 * acts on the patient's behalf with the patient's rights, and every access is recorded in the
 * patient's history under the admin's login (see {@link EmbeddedDmpStore#onBehalfOfPatient}).
 *
 * <pre>
 * GET    /gateway/dmp/patients/{ins}/documents                  the patient's documents (metadata), newest first
 * GET    /gateway/dmp/patients/{ins}/access-history             every access to the record, oldest first
 * GET    /gateway/dmp/documents/{id}                            one document's metadata
 * GET    /gateway/dmp/documents/{id}/content                    its content (decrypted), with its MIME type
 * PUT    /gateway/dmp/documents/{id}/hidden                     hide it from professionals (204)
 * DELETE /gateway/dmp/documents/{id}/hidden                     show it again (204)
 * GET    /gateway/dmp/patients/{ins}/grants                     professionals granted access by an admin
 * PUT    /gateway/dmp/patients/{ins}/grants/{address}          grant a professional access (204)
 * DELETE /gateway/dmp/patients/{ins}/grants/{address}          revoke it (204)
 * </pre>
 */
public class DmpRoutes implements Routes {
    public static final String BASE_PATH = "/gateway/dmp";
    private static final String PATIENT = BASE_PATH + "/patients/:ins";
    private static final String DOCUMENT = BASE_PATH + "/documents/:id";
    private static final Logger LOGGER = LoggerFactory.getLogger(DmpRoutes.class);

    private final EmbeddedDmpStore store;
    private final JpaAccessGrants grants;
    private final DmpAccessAudit audit;
    private final JsonTransformer jsonTransformer;

    @Inject
    public DmpRoutes(EmbeddedDmpStore store, JpaAccessGrants grants, DmpAccessAudit audit, JsonTransformer jsonTransformer) {
        this.store = store;
        this.grants = grants;
        this.audit = audit;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(PATIENT + "/documents", this::list, jsonTransformer);
        service.get(PATIENT + "/access-history", this::history, jsonTransformer);
        service.get(DOCUMENT, this::metadata, jsonTransformer);
        service.get(DOCUMENT + "/content", this::content);
        service.put(DOCUMENT + "/hidden", (request, response) -> setHidden(request, response, true));
        service.delete(DOCUMENT + "/hidden", (request, response) -> setHidden(request, response, false));
        service.get(PATIENT + "/grants", (request, response) -> grants.professionals(ins(request)), jsonTransformer);
        service.put(PATIENT + "/grants/:address", (request, response) -> grant(request, response, true));
        service.delete(PATIENT + "/grants/:address", (request, response) -> grant(request, response, false));
    }

    private Object list(Request request, Response response) throws DmpStoreException {
        List<DocumentMetadata> documents = granted(admin(request).list(null, ins(request)));
        return documents.stream().map(DmpRoutes::json).toList();
    }

    private Object history(Request request, Response response) throws DmpStoreException {
        List<AccessEvent> events = granted(admin(request).accessHistory(null, ins(request)));
        return events.stream().map(DmpRoutes::json).toList();
    }

    private Object metadata(Request request, Response response) throws DmpStoreException {
        return json(granted(admin(request).fetch(null, documentId(request))).metadata());
    }

    private Object content(Request request, Response response) throws DmpStoreException {
        StoredDocument document = granted(admin(request).fetch(null, documentId(request)));
        response.type(document.metadata().mimeType());
        response.header("Content-Length", Long.toString(document.metadata().size()));
        response.header("Content-Disposition", "attachment; filename=\"" + document.metadata().id() + "\"");
        try (InputStream content = document.content().open()) {
            OutputStream out = response.raw().getOutputStream();
            content.transferTo(out);
            out.flush();
        } catch (IOException e) {
            LOGGER.error("DMP document {} could not be read: {}", document.metadata().id(), e.getClass().getSimpleName());
            if (!response.raw().isCommitted()) {
                throw ErrorResponder.builder()
                    .statusCode(HttpStatus.INTERNAL_SERVER_ERROR_500)
                    .type(ErrorResponder.ErrorType.SERVER_ERROR)
                    .message("The document's content failed its integrity check or cannot be read")
                    .haltError();
            }
            throw new IllegalStateException("document content aborted", e);
        }
        return "";
    }

    private Object setHidden(Request request, Response response, boolean hidden) throws DmpStoreException {
        granted(admin(request).setHidden(null, documentId(request), hidden));
        return Responses.returnNoContent(response);
    }

    private Object grant(Request request, Response response, boolean grant) {
        Ins patient = ins(request);
        String professional = professional(request);
        boolean changed = grant ? grants.grant(professional, patient, login(request)) : grants.revoke(professional, patient);
        if (changed) {
            audit.grant(login(request), professional, patient, grant);
        }
        return Responses.returnNoContent(response);
    }

    private DmpStore admin(Request request) {
        return store.onBehalfOfPatient(login(request));
    }

    private static String login(Request request) {
        Object login = request.attribute(AuthenticationFilter.LOGIN);
        return login == null ? "admin" : login.toString();
    }

    private static <T> T granted(AccessOutcome<T> outcome) {
        if (outcome instanceof AccessOutcome.Granted<T> granted) {
            return granted.value();
        }
        if (outcome instanceof AccessOutcome.Denied<T> denied) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.FORBIDDEN_403)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("Access refused: %s", denied.reason().code())
                .haltError();
        }
        throw notFound();
    }

    private static HaltException notFound() {
        return ErrorResponder.builder()
            .statusCode(HttpStatus.NOT_FOUND_404)
            .type(ErrorResponder.ErrorType.NOT_FOUND)
            .message("No such document")
            .haltError();
    }

    private static Ins ins(Request request) {
        return Ins.parse(request.params(":ins")).orElseThrow(() -> ErrorResponder.builder()
            .statusCode(HttpStatus.BAD_REQUEST_400)
            .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
            .message("Not a valid matricule INS")
            .haltError());
    }

    private static DocumentId documentId(Request request) {
        try {
            return DocumentId.parse(request.params(":id"));
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
    }

    private static String professional(Request request) {
        String raw = URLDecoder.decode(request.params(":address"), StandardCharsets.UTF_8);
        try {
            return new MailAddress(raw).asString();
        } catch (Exception e) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.BAD_REQUEST_400)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("Invalid address")
                .haltError();
        }
    }

    static Map<String, Object> json(DocumentMetadata document) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", document.id().toString());
        json.put("patient", document.patient().matricule());
        document.document().patientAuthority().ifPresent(authority -> json.put("patientAuthority", authority.name()));
        document.typeCode().ifPresent(code -> json.put("typeCode", json(code)));
        json.put("title", document.title());
        document.document().author().ifPresent(author -> json.put("author", json(author)));
        document.creationTime().ifPresent(time -> json.put("creationTime", time.toString()));
        json.put("mimeType", document.mimeType());
        document.document().confidentiality().ifPresent(code -> json.put("confidentiality", json(code)));
        document.document().uniqueId().ifPresent(id -> json.put("uniqueId", id));
        json.put("origin", document.document().origin().name());
        json.put("size", document.size());
        json.put("sha256", document.contentHash().hex());
        json.put("hidden", document.hidden());
        json.put("filedAt", document.filedAt().toString());
        json.put("depositor", Map.of("kind", document.depositor().kind().name(), "id", document.depositor().identifier()));
        return json;
    }

    private static Map<String, Object> json(CodedValue code) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("code", code.code());
        json.put("codeSystem", code.codeSystem());
        code.displayName().ifPresent(name -> json.put("displayName", name));
        return json;
    }

    private static Map<String, Object> json(Author author) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", author.displayName());
        author.id().ifPresent(id -> json.put("id", id));
        author.idSystem().ifPresent(system -> json.put("idSystem", system));
        return json;
    }

    static Map<String, Object> json(AccessEvent event) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("at", event.at().toString());
        json.put("actor", Map.of("kind", event.actor().kind().name(), "id", event.actor().identifier()));
        json.put("action", event.action().name());
        event.document().ifPresent(id -> json.put("document", id.toString()));
        json.put("granted", event.granted());
        event.denial().ifPresent(reason -> json.put("denial", reason.code()));
        return json;
    }
}
