package org.santegateway.server.dmp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.inject.Inject;

import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.santegateway.dmp.AccessOutcome;
import org.santegateway.dmp.Actor;
import org.santegateway.dmp.CodedValue;
import org.santegateway.dmp.DmpStore;
import org.santegateway.dmp.DmpStoreException;
import org.santegateway.dmp.DocumentId;
import org.santegateway.dmp.DocumentMetadata;
import org.santegateway.dmp.Ins;
import org.santegateway.dmp.StoredDocument;
import org.santegateway.login.TokenLogins;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.fhir.context.FhirContext;

/**
 * IHE MHD (FHIR R4) for professionals' software: Find Document References (ITI-67,
 * {@code GET /fhir/DocumentReference?patient.identifier=urn:oid:1.2.250.1.213.1.4.8|INS}) and Retrieve Document
 * (ITI-68, {@code GET /fhir/Binary/{id}}, the attachment URL of each reference). On the webmail's listener the caller
 * signs in with a Pro Santé Connect access token ({@code Authorization: Bearer}, the mailbox bound to its identity;
 * {@code X-Mailbox} chooses one when several are bound); on the applications' listener
 * ({@code server.fhir.ApplicationsHttpsServer}) a certified application signs in with its TLS client certificate.
 * The DMP store's rule decides (taking part in a conversation with the patient, or an admin's grant) and records every
 * access in the patient's history. A caller the rule refuses gets an empty Bundle (the record's existence is not
 * revealed); a hidden document does not exist for them. Resources are HAPI FHIR structures, serialised as FHIR XML.
 */
public class MhdEndpoint {
    /** What the HTTP layer writes. */
    public record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
    }

    public static final String PREFIX = "/fhir/";
    /** The OID of INS-NIR, the national health identifier's system. */
    public static final String INS_NIR = "urn:oid:1.2.250.1.213.1.4.8";
    /** HAPI's JSON writer needs a newer Jackson than James ships: resources are written as FHIR XML (MHD allows either). */
    private static final String FHIR_XML = "application/fhir+xml; charset=utf-8";
    private static final String LOINC = "http://loinc.org";
    private static final Logger LOGGER = LoggerFactory.getLogger(MhdEndpoint.class);

    private final Optional<DmpStore> store;
    private final TokenLogins logins;
    private final FhirContext fhir;

    @Inject
    public MhdEndpoint(Optional<DmpStore> store, TokenLogins logins, FhirContext fhir) {
        this.store = store;
        this.logins = logins;
        this.fhir = fhir;
    }

    public static boolean handles(String path) {
        return path.startsWith(PREFIX);
    }

    /**
     * @param base          the address the caller reached, e.g. {@code https://gateway.example}: attachment URLs start with it
     * @param authorization the {@code Authorization} header
     * @param mailbox       the {@code X-Mailbox} header
     */
    public Answer handle(String method, String path, Map<String, List<String>> query, Optional<String> authorization,
                         Optional<String> mailbox, Optional<InetAddress> client, String base) {
        if (!method.equals("GET")) {
            return notAllowed();
        }
        Optional<String> professional = professional(authorization, mailbox, client);
        if (professional.isEmpty()) {
            return new Answer(401, FHIR_XML, encode(issue(OperationOutcome.IssueType.LOGIN,
                "a Pro Santé Connect access token is required (Authorization: Bearer)")), Map.of("WWW-Authenticate", "Bearer"));
        }
        return signedIn(method, path, query, professional.get(), base);
    }

    /**
     * Answers a caller already signed in, by the listener it came through: a professional's mailbox, or an
     * application's mailbox (its TLS client certificate, on the applications' listener). The store's rule decides for
     * both alike.
     */
    public Answer signedIn(String method, String path, Map<String, List<String>> query, String mailbox, String base) {
        if (!method.equals("GET")) {
            return notAllowed();
        }
        if (store.isEmpty()) {
            return outcome(404, OperationOutcome.IssueType.NOTFOUND, "no patient record store on this gateway");
        }
        Actor actor = Actor.professional(mailbox);
        String resource = path.substring(PREFIX.length());
        try {
            if (resource.equals("DocumentReference")) {
                return search(actor, query, base);
            }
            if (resource.startsWith("Binary/") && resource.length() > "Binary/".length()) {
                return retrieve(actor, resource.substring("Binary/".length()));
            }
            return outcome(404, OperationOutcome.IssueType.NOTSUPPORTED, "supported: DocumentReference search, Binary read");
        } catch (DmpStoreException | IOException e) {
            LOGGER.warn("An MHD request failed: {}", e.getClass().getSimpleName());
            return outcome(500, OperationOutcome.IssueType.EXCEPTION, "the patient record could not be read");
        }
    }

    private Answer search(Actor actor, Map<String, List<String>> query, String base) throws DmpStoreException {
        List<String> identifiers = query.getOrDefault("patient.identifier", List.of());
        if (identifiers.size() != 1) {
            return outcome(400, OperationOutcome.IssueType.REQUIRED, "patient.identifier=" + INS_NIR + "|INS is required, once");
        }
        String value = identifiers.get(0);
        int bar = value.indexOf('|');
        if (bar >= 0 && !value.substring(0, bar).equals(INS_NIR)) {
            return outcome(400, OperationOutcome.IssueType.VALUE, "the patient identifier's system must be " + INS_NIR);
        }
        Optional<Ins> patient = Ins.parse(bar >= 0 ? value.substring(bar + 1) : value);
        if (patient.isEmpty()) {
            return outcome(400, OperationOutcome.IssueType.VALUE, "not a matricule INS");
        }
        List<String> statuses = query.getOrDefault("status", List.of("current"));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        AccessOutcome<List<DocumentMetadata>> listed = store.get().list(actor, patient.get());
        if (listed instanceof AccessOutcome.Granted<List<DocumentMetadata>> granted && statuses.stream().anyMatch(status -> status.contains("current"))) {
            for (DocumentMetadata document : granted.value()) {
                bundle.addEntry().setFullUrl(base + PREFIX + "DocumentReference/" + document.id()).setResource(reference(document, base))
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
            }
        }
        bundle.setTotal(bundle.getEntry().size());
        return new Answer(200, FHIR_XML, encode(bundle), Map.of());
    }

    private Answer retrieve(Actor actor, String id) throws DmpStoreException, IOException {
        DocumentId document;
        try {
            document = DocumentId.parse(id);
        } catch (IllegalArgumentException e) {
            return outcome(404, OperationOutcome.IssueType.NOTFOUND, "no such document");
        }
        AccessOutcome<StoredDocument> fetched = store.get().fetch(actor, document);
        if (!(fetched instanceof AccessOutcome.Granted<StoredDocument> granted)) {
            return outcome(404, OperationOutcome.IssueType.NOTFOUND, "no such document");
        }
        try (InputStream input = granted.value().content().open()) {
            return new Answer(200, granted.value().metadata().mimeType(), input.readAllBytes(), Map.of());
        }
    }

    private DocumentReference reference(DocumentMetadata document, String base) {
        DocumentReference reference = new DocumentReference();
        reference.setId(document.id().toString());
        document.document().uniqueId().ifPresent(uniqueId -> reference.setMasterIdentifier(new Identifier()
            .setSystem("urn:ietf:rfc:3986").setValue(uniqueId.startsWith("urn:") ? uniqueId : "urn:oid:" + uniqueId)));
        reference.addIdentifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + document.id());
        reference.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
        document.typeCode().ifPresent(type -> reference.setType(concept(type)));
        reference.setSubject(new Reference().setIdentifier(new Identifier().setSystem(INS_NIR).setValue(document.patient().matricule())));
        reference.setDate(Date.from(document.filedAt()));
        document.document().author().ifPresent(author -> reference.addAuthor(new Reference().setDisplay(author.displayName())));
        if (!document.title().isBlank()) {
            reference.setDescription(document.title());
        }
        document.document().confidentiality().ifPresent(code -> reference.addSecurityLabel(concept(code)));
        Attachment attachment = new Attachment()
            .setContentType(document.mimeType())
            .setUrl(base + PREFIX + "Binary/" + document.id())
            .setSize((int) Math.min(Integer.MAX_VALUE, document.size()));
        if (!document.title().isBlank()) {
            attachment.setTitle(document.title());
        }
        document.document().creationTime().ifPresent(created -> attachment.setCreation(Date.from(created)));
        reference.addContent().setAttachment(attachment);
        return reference;
    }

    private static CodeableConcept concept(CodedValue value) {
        String system = CodedValue.LOINC.equals(value.codeSystem()) ? LOINC : "urn:oid:" + value.codeSystem();
        Coding coding = new Coding().setSystem(system).setCode(value.code());
        value.displayName().ifPresent(coding::setDisplay);
        return new CodeableConcept().addCoding(coding);
    }

    private Optional<String> professional(Optional<String> authorization, Optional<String> mailbox, Optional<InetAddress> client) {
        if (authorization.isEmpty() || !authorization.get().regionMatches(true, 0, "Bearer ", 0, 7) || !logins.enabled()) {
            return Optional.empty();
        }
        String token = authorization.get().substring(7).strip();
        if (token.isEmpty() || token.length() > 16_384) {
            return Optional.empty();
        }
        try {
            TokenLogins.Result result = logins.attempt("mhd", token, mailbox, client.orElse(InetAddress.getLoopbackAddress()))
                .get(30, TimeUnit.SECONDS);
            return result.outcome() == TokenLogins.Outcome.SUCCESS ? result.mailbox() : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        }
    }

    private Answer notAllowed() {
        return new Answer(405, FHIR_XML, encode(issue(OperationOutcome.IssueType.NOTSUPPORTED, "only GET (ITI-67, ITI-68)")),
            Map.of("Allow", "GET"));
    }

    /** An {@code OperationOutcome} with one error issue, for the listeners' own refusals. */
    public Answer outcome(int status, OperationOutcome.IssueType type, String text) {
        return new Answer(status, FHIR_XML, encode(issue(type, text)), Map.of());
    }

    private static OperationOutcome issue(OperationOutcome.IssueType type, String text) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(text);
        return outcome;
    }

    private byte[] encode(Resource resource) {
        return fhir.newXmlParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
    }
}
