package org.santegateway.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Username;
import org.junit.jupiter.api.Test;
import org.santegateway.dmp.AccessAction;
import org.santegateway.dmp.AccessEvent;
import org.santegateway.dmp.AccessOutcome;
import org.santegateway.dmp.Actor;
import org.santegateway.dmp.Author;
import org.santegateway.dmp.CodedValue;
import org.santegateway.dmp.ContentHash;
import org.santegateway.dmp.DenialReason;
import org.santegateway.dmp.DmpStore;
import org.santegateway.dmp.DocumentContent;
import org.santegateway.dmp.DocumentId;
import org.santegateway.dmp.DocumentMetadata;
import org.santegateway.dmp.DocumentOrigin;
import org.santegateway.dmp.FilingOutcome;
import org.santegateway.dmp.Ins;
import org.santegateway.dmp.NewDocument;
import org.santegateway.dmp.StoredDocument;
import org.santegateway.ins.MatriculeIns;

/**
 * The document pages against the {@link DmpStore} interface, with a small in-memory store that
 * applies the patient's own access rule (until the webmail's browser test runs on the real store).
 */
class DocumentPagesTest {
    static final String OWNER = "1850575123456" + MatriculeIns.keyOf("1850575123456");
    static final String OTHER = "2920399123789" + MatriculeIns.keyOf("2920399123789");
    static final WebmailSessions.Session SESSION = new WebmailSessions(WebmailSettings.from(org.santegateway.server.settings.GatewayProperties.none()),
        java.time.Clock.systemUTC()).anonymous();

    static final class InMemoryStore implements DmpStore {
        final Map<DocumentId, DocumentMetadata> documents = new LinkedHashMap<>();
        final Map<DocumentId, byte[]> contents = new LinkedHashMap<>();
        final List<AccessEvent> events = new ArrayList<>();

        DocumentId add(String patient, String title, String mime, String content) {
            NewDocument document = new NewDocument(new Ins(patient), Optional.empty(), Optional.of(new CodedValue("11488-4", CodedValue.LOINC,
                Optional.of("Compte rendu de consultation"))), title, Optional.of(Author.ofSender("Dr Jeanne Martin", "dr.martin@hopital-test.fr")),
                Optional.of(Instant.parse("2026-11-20T09:30:00Z")), mime, Optional.empty(), Optional.empty(), DocumentOrigin.XDM, "hash");
            DocumentId id = DocumentId.random();
            documents.put(id, new DocumentMetadata(id, document, content.length(), new ContentHash("0".repeat(64)), false,
                Instant.parse("2026-11-20T10:00:00Z"), Actor.gateway()));
            contents.put(id, content.getBytes(StandardCharsets.UTF_8));
            events.add(new AccessEvent(Instant.parse("2026-11-21T08:00:00Z"), Actor.professional("dr.durand@hopital-test.fr"), new Ins(patient),
                AccessAction.FETCH, Optional.of(id), Optional.empty()));
            return id;
        }

        private <T> Optional<AccessOutcome<T>> deny(Actor actor, Ins patient) {
            return actor.patient().filter(patient::equals).isPresent() ? Optional.empty()
                : Optional.of(new AccessOutcome.Denied<>(DenialReason.NOT_THE_PATIENT));
        }

        @Override
        public FilingOutcome file(Actor depositor, NewDocument document, DocumentContent content) {
            try (java.io.InputStream input = content.openStream()) {
                DocumentId id = DocumentId.random();
                documents.put(id, new DocumentMetadata(id, document, content.size(), content.sha256(), false, Instant.now(), depositor));
                contents.put(id, input.readAllBytes());
                return new FilingOutcome.Filed(documents.get(id));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public AccessOutcome<DocumentId> delete(Actor actor, DocumentId id) {
            DocumentMetadata document = documents.get(id);
            if (document == null || !document.depositor().equals(actor) || document.document().origin() != DocumentOrigin.PATIENT) {
                return new AccessOutcome.NotFound<>();
            }
            documents.remove(id);
            contents.remove(id);
            return new AccessOutcome.Granted<>(id);
        }

        @Override
        public AccessOutcome<List<DocumentMetadata>> list(Actor actor, Ins patient) {
            return this.<List<DocumentMetadata>>deny(actor, patient).orElseGet(() -> new AccessOutcome.Granted<>(
                documents.values().stream().filter(document -> document.patient().equals(patient)).toList()));
        }

        @Override
        public AccessOutcome<StoredDocument> fetch(Actor actor, DocumentId id) {
            DocumentMetadata document = documents.get(id);
            if (document == null) {
                return new AccessOutcome.NotFound<>();
            }
            return this.<StoredDocument>deny(actor, document.patient()).orElseGet(() -> new AccessOutcome.Granted<>(
                new StoredDocument(document, () -> new ByteArrayInputStream(contents.get(id)))));
        }

        @Override
        public AccessOutcome<DocumentMetadata> setHidden(Actor actor, DocumentId id, boolean hidden) {
            DocumentMetadata document = documents.get(id);
            if (document == null) {
                return new AccessOutcome.NotFound<>();
            }
            Optional<AccessOutcome<DocumentMetadata>> denied = deny(actor, document.patient());
            if (denied.isPresent()) {
                return denied.get();
            }
            documents.put(id, document.withHidden(hidden));
            return new AccessOutcome.Granted<>(documents.get(id));
        }

        @Override
        public AccessOutcome<List<AccessEvent>> accessHistory(Actor actor, Ins patient) {
            return this.<List<AccessEvent>>deny(actor, patient).orElseGet(() -> new AccessOutcome.Granted<>(
                events.stream().filter(event -> event.patient().equals(patient)).toList()));
        }
    }

    final InMemoryStore store = new InMemoryStore();
    final DocumentPages pages = new DocumentPages(Optional.of(store), 10_000_000);
    final Username owner = Username.of(OWNER + "@patient.mssante.fr");

    WebResponse get(String path) {
        return pages.handle(SESSION, owner, WebmailPages.segments(path), request("GET", path));
    }

    WebResponse post(String path) {
        return pages.handle(SESSION, owner, WebmailPages.segments(path), request("POST", path));
    }

    static WebRequest request(String method, String path) {
        return new WebRequest(method, path, Map.of(), Map.of(), List.of(), Map.of(), Optional.empty());
    }

    static String body(WebResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void listShouldShowTitleTypeAuthorDateAndVisibility() {
        store.add(OWNER, "Compte rendu du 20 novembre", "text/xml", "<ClinicalDocument/>");

        String page = body(get("/documents"));

        assertThat(page).contains("Compte rendu du 20 novembre").contains("Compte rendu de consultation")
            .contains("Dr Jeanne Martin").contains("20 nov. 2026").contains("Visible").contains("Masquer");
    }

    @Test
    void hideShouldMarkTheDocumentHiddenFromProfessionalsAndShowShouldUndoIt() {
        DocumentId id = store.add(OWNER, "Radiographie", "application/pdf", "%PDF");

        assertThat(post("/documents/" + id + "/masquer").status()).isEqualTo(303);
        assertThat(store.documents.get(id).hidden()).isTrue();
        assertThat(body(get("/documents"))).contains("Masqué aux professionnels").contains("Rendre visible");
        assertThat(post("/documents/" + id + "/afficher").status()).isEqualTo(303);
        assertThat(store.documents.get(id).hidden()).isFalse();
    }

    @Test
    void openShouldShowTextEscapedAndDownloadAsAttachment() {
        DocumentId id = store.add(OWNER, "Compte rendu", "text/xml", "<ClinicalDocument><script>alert(1)</script></ClinicalDocument>");

        String page = body(get("/documents/" + id));
        WebResponse download = get("/documents/" + id + "/telecharger");

        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
        assertThat(download.contentType()).isEqualTo("application/octet-stream");
        assertThat(download.headers().get("Content-Disposition")).startsWith("attachment;");
    }

    @Test
    void downloadsShouldBeNamedWithTheExtensionOfTheirFormatAndFormatsShouldBeNamedInWords() {
        DocumentId pdf = store.add(OWNER, "Compte rendu P1", "application/pdf", "%PDF-1.7");
        DocumentId named = store.add(OWNER, "radio.JPG", "image/jpeg", "jpeg");

        assertThat(get("/documents/" + pdf + "/telecharger").headers().get("Content-Disposition"))
            .contains("filename=\"Compte_rendu_P1.pdf\"").contains("filename*=UTF-8''Compte%20rendu%20P1.pdf");
        assertThat(get("/documents/" + named + "/telecharger").headers().get("Content-Disposition")).contains("filename=\"radio.JPG\"");
        assertThat(body(get("/documents"))).doesNotContain("application/pdf");
        assertThat(DocumentPages.format("application/pdf; name=x")).isEqualTo("Document PDF");
        assertThat(DocumentPages.format("text/xml")).isEqualTo("Document médical structuré (CDA)");
        assertThat(DocumentPages.format("application/x-unknown")).isEqualTo("Document");
        assertThat(DocumentPages.format("application/zip")).isEqualTo("Dossier de documents (ZIP)");
    }

    @Test
    void anotherPatientsDocumentShouldBeRefusedWhateverTheRequest() {
        DocumentId others = store.add(OTHER, "Document d'un autre patient", "text/plain", "secret");

        assertThat(get("/documents/" + others).status()).isEqualTo(404);
        assertThat(get("/documents/" + others + "/telecharger").status()).isEqualTo(404);
        assertThat(post("/documents/" + others + "/masquer").status()).isEqualTo(404);
        assertThat(store.documents.get(others).hidden()).isFalse();
        assertThat(body(get("/documents"))).doesNotContain("Document d'un autre patient");
    }

    @Test
    void historyShouldShowWhoAccessedEachDocument() {
        store.add(OWNER, "Compte rendu", "text/plain", "texte");

        String page = body(get("/documents/historique"));

        assertThat(page).contains("dr.durand@hopital-test.fr").contains("Consultation").contains("Compte rendu").contains("Autorisé");
    }

    @Test
    void historyShouldPutProfessionalsFirstApartFromThePatientsOwnViewsAndFilterByDocument() {
        DocumentId first = store.add(OWNER, "Compte rendu", "text/plain", "texte");
        DocumentId second = store.add(OWNER, "Radiographie", "image/png", "png");
        for (int view = 0; view < 9; view++) {
            store.events.add(new AccessEvent(Instant.parse("2026-11-22T08:00:00Z").plusSeconds(view), Actor.patient(new Ins(OWNER)), new Ins(OWNER),
                AccessAction.LIST, Optional.empty(), Optional.empty()));
        }

        String page = body(get("/documents/historique"));
        int professionals = page.indexOf("id=\"acces\"");
        int own = page.indexOf("id=\"acces-personnels\"");

        assertThat(professionals).isPositive().isLessThan(own);
        assertThat(page.substring(professionals, own)).contains("dr.durand@hopital-test.fr").doesNotContain("Vous");
        assertThat(page.substring(own)).contains("Vous").contains("Liste des documents");
        String filtered = body(pages.handle(SESSION, owner, List.of("documents", "historique"),
            new WebRequest("GET", "/documents/historique", Map.of("document", second.toString()), Map.of(), List.of(), Map.of(), Optional.empty())));
        assertThat(filtered).contains("<option value=\"" + second + "\" selected>Radiographie</option>");
        String professionalRows = filtered.substring(filtered.indexOf("id=\"acces\""), filtered.indexOf("id=\"titre-acces-personnels\""));
        assertThat(professionalRows).contains("Radiographie").doesNotContain(">Compte rendu<");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void pagesShouldSayTheRecordIsUnavailableWithoutAStore() {
        WebResponse response = new DocumentPages(Optional.empty(), 10_000_000).handle(SESSION, owner, List.of("documents"), request("GET", "/documents"));

        assertThat(body(response)).contains("n'est pas disponible");
    }

    static WebRequest upload(String title, String type, String date, String fileName, byte[] content, boolean hidden) {
        Map<String, String> form = new java.util.HashMap<>(Map.of("titre", title, "type", type, "date", date));
        if (hidden) {
            form.put("masque", "oui");
        }
        return new WebRequest("POST", "/documents/ajouter", Map.of(), form,
            List.of(new WebRequest.Upload("fichier", fileName, "application/octet-stream", content)), Map.of(), Optional.empty());
    }

    static final byte[] PDF = "%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aPatientShouldAddAPdfChosenByContentWithATypeATitleAndADateAndHideIt() {
        WebResponse added = pages.handle(SESSION, owner, List.of("documents", "ajouter"),
            upload("Ordonnance du Dr Petit", "57833-6", "2026-11-02", "scan", PDF, true));

        assertThat(added.status()).isEqualTo(303);
        DocumentMetadata document = store.documents.values().stream().filter(candidate -> candidate.title().equals("Ordonnance du Dr Petit"))
            .findFirst().orElseThrow();
        assertThat(document.mimeType()).isEqualTo("application/pdf");
        assertThat(document.document().origin()).isEqualTo(DocumentOrigin.PATIENT);
        assertThat(document.typeCode().orElseThrow().code()).isEqualTo("57833-6");
        assertThat(document.depositor()).isEqualTo(Actor.patient(new Ins(OWNER)));
        assertThat(document.hidden()).isTrue();
        assertThat(body(pages.handle(SESSION, owner, List.of("documents"), request("GET", "/documents"))))
            .contains("Ordonnance du Dr Petit").contains("<td data-label=\"Auteur\">Vous</td>").contains("Masqué aux professionnels");
    }

    @Test
    void anUploadShouldBeRefusedByItsContentWhateverItsNameWithTheTypedFieldsKept() {
        WebResponse refused = pages.handle(SESSION, owner, List.of("documents", "ajouter"),
            upload("Mon bilan", "11502-2", "2026-11-02", "bilan.pdf", "MZ\u0090 not a pdf".getBytes(StandardCharsets.ISO_8859_1), false));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(body(refused)).contains("Format non accepté").contains("value=\"Mon bilan\"").contains("value=\"2026-11-02\"")
            .contains("<option value=\"11502-2\" selected>");
        assertThat(store.documents.values()).noneMatch(document -> document.title().equals("Mon bilan"));
    }

    @Test
    void anUploadShouldBeRefusedForADateToComeAnUnknownTypeOrNoTitle() {
        String tomorrow = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).plusDays(1).toString();
        assertThat(body(pages.handle(SESSION, owner, List.of("documents", "ajouter"), upload("Futur", "57833-6", tomorrow, "a.pdf", PDF, false))))
            .contains("au plus tard aujourd");
        assertThat(body(pages.handle(SESSION, owner, List.of("documents", "ajouter"), upload("Type", "99999-9", "2026-01-01", "a.pdf", PDF, false))))
            .contains("Choisissez le type");
        assertThat(body(pages.handle(SESSION, owner, List.of("documents", "ajouter"), upload(" ", "57833-6", "2026-01-01", "a.pdf", PDF, false))))
            .contains("Donnez un titre");
        assertThat(store.documents.values()).noneMatch(document -> document.document().origin() == DocumentOrigin.PATIENT);
    }

    @Test
    void aPatientShouldDeleteWhatTheyAddedButNotAProfessionalsDocument() {
        pages.handle(SESSION, owner, List.of("documents", "ajouter"), upload("À supprimer", "11369-6", "2025-05-01", "vaccins.png",
            new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0}, false));
        DocumentId own = store.documents.values().stream().filter(document -> document.title().equals("À supprimer")).findFirst().orElseThrow().id();
        DocumentId professionals = store.add(OWNER, "Compte rendu", "application/pdf", "%PDF-1.4");

        WebResponse unconfirmed = pages.handle(SESSION, owner, List.of("documents", own.toString(), "supprimer"),
            new WebRequest("POST", "/documents/" + own + "/supprimer", Map.of(), Map.of(), List.of(), Map.of(), Optional.empty()));
        WebResponse deleted = pages.handle(SESSION, owner, List.of("documents", own.toString(), "supprimer"),
            new WebRequest("POST", "/documents/" + own + "/supprimer", Map.of(), Map.of("confirmation", "oui"), List.of(), Map.of(), Optional.empty()));
        WebResponse refused = pages.handle(SESSION, owner, List.of("documents", professionals.toString(), "supprimer"),
            new WebRequest("POST", "/documents/" + professionals + "/supprimer", Map.of(), Map.of("confirmation", "oui"), List.of(), Map.of(),
                Optional.empty()));

        assertThat(body(unconfirmed)).contains("Cochez la case");
        assertThat(deleted.status()).isEqualTo(303);
        assertThat(store.documents).doesNotContainKey(own);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(store.documents).containsKey(professionals);
        assertThat(body(pages.handle(SESSION, owner, List.of("documents", professionals.toString()), request("GET", "/documents/" + professionals))))
            .doesNotContain("id=\"supprimer\"");
    }
}
