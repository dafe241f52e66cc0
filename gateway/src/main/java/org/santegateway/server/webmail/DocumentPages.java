package org.santegateway.server.webmail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.santegateway.dmp.AccessEvent;
import org.santegateway.dmp.AccessOutcome;
import org.santegateway.dmp.Actor;
import org.santegateway.dmp.CodedValue;
import org.santegateway.dmp.DmpStore;
import org.santegateway.dmp.DmpStoreException;
import org.santegateway.dmp.DocumentContent;
import org.santegateway.dmp.DocumentId;
import org.santegateway.dmp.DocumentMetadata;
import org.santegateway.dmp.DocumentOrigin;
import org.santegateway.dmp.DocumentTypes;
import org.santegateway.dmp.FilingOutcome;
import org.santegateway.dmp.Ins;
import org.santegateway.dmp.NewDocument;
import org.santegateway.dmp.StoredDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The documents of the patient's record, through the {@link DmpStore} (always as the patient
 * themselves: the store decides what they may see and records each access). Without a store bound,
 * the pages say the service is not available.
 *
 * <ul>
 *     <li>{@code GET /documents}: title, type, author, date, hidden state</li>
 *     <li>{@code GET /documents/{id}}: a document (text shown escaped; other types downloaded)</li>
 *     <li>{@code GET /documents/{id}/telecharger}: download</li>
 *     <li>{@code POST /documents/{id}/masquer}, {@code POST /documents/{id}/afficher}</li>
 *     <li>{@code GET /documents/historique}: who accessed the record</li>
 *     <li>{@code GET/POST /documents/ajouter}: the patient adds a PDF or an image (format told by the content), with a
 *     type from the DMP's list, a title, a date, hidden or not; {@code POST /documents/{id}/supprimer} deletes what they
 *     added</li>
 * </ul>
 */
public class DocumentPages {
    private static final Logger LOGGER = LoggerFactory.getLogger(DocumentPages.class);
    private static final int MAX_SHOWN_BYTES = 2_000_000;

    private final Optional<DmpStore> store;
    private final long maxUpload;

    @Inject
    public DocumentPages(Optional<DmpStore> store, WebmailSettings settings) {
        this(store, settings.maxUpload());
    }

    DocumentPages(Optional<DmpStore> store, long maxUpload) {
        this.store = store;
        this.maxUpload = maxUpload;
    }

    WebResponse handle(WebmailSessions.Session session, Username user, List<String> segments, WebRequest request) {
        if (store.isEmpty()) {
            return WebResponse.html(Html.page(Html.Section.DOCUMENTS, "Mes documents", session.csrf(),
                "<h1>Mes documents</h1><p id=\"documents-indisponibles\">Le dossier de documents n'est pas disponible sur ce service.</p>"));
        }
        Actor actor = Actor.patient(new Ins(user.getLocalPart()));
        Ins patient = new Ins(user.getLocalPart());
        try {
            if (segments.size() == 1 && !request.isPost()) {
                return list(session, actor, patient, request);
            }
            if (segments.size() == 2 && segments.get(1).equals("ajouter")) {
                return request.isPost() ? add(session, actor, patient, request) : addForm(session, Optional.empty(), request, 200);
            }
            if (segments.size() == 2 && segments.get(1).equals("historique") && !request.isPost()) {
                return history(session, actor, patient, request.queryParameter("document").flatMap(DocumentPages::documentId));
            }
            Optional<DocumentId> id = documentId(segments.get(1));
            if (id.isEmpty()) {
                return WebResponse.notFound();
            }
            if (segments.size() == 2 && !request.isPost()) {
                return show(session, actor, id.get(), Optional.empty());
            }
            if (segments.size() == 3 && segments.get(2).equals("telecharger") && !request.isPost()) {
                return download(actor, id.get());
            }
            if (segments.size() == 3 && request.isPost() && segments.get(2).equals("supprimer")) {
                if (!request.formField("confirmation").equals("oui")) {
                    return show(session, actor, id.get(), Optional.of("Cochez la case pour confirmer la suppression."));
                }
                AccessOutcome<DocumentId> deleted = store.get().delete(actor, id.get());
                return deleted instanceof AccessOutcome.Granted<DocumentId> ? WebResponse.redirect("/documents?supprime=1") : WebResponse.notFound();
            }
            if (segments.size() == 3 && request.isPost() && (segments.get(2).equals("masquer") || segments.get(2).equals("afficher"))) {
                AccessOutcome<DocumentMetadata> outcome = store.get().setHidden(actor, id.get(), segments.get(2).equals("masquer"));
                if (outcome instanceof AccessOutcome.Granted<DocumentMetadata>) {
                    return WebResponse.redirect("/documents");
                }
                return WebResponse.notFound();
            }
            return WebResponse.notFound();
        } catch (DmpStoreException | IOException e) {
            LOGGER.warn("Webmail document page failed: {}", e.getClass().getSimpleName());
            return WebResponse.html(503, Html.errorPage("Le dossier de documents est momentanément indisponible."));
        }
    }

    private WebResponse list(WebmailSessions.Session session, Actor actor, Ins patient, WebRequest request) throws DmpStoreException {
        AccessOutcome<List<DocumentMetadata>> outcome = store.get().list(actor, patient);
        if (!(outcome instanceof AccessOutcome.Granted<List<DocumentMetadata>> granted)) {
            return WebResponse.notFound();
        }
        StringBuilder body = new StringBuilder("<h1>Mes documents</h1>");
        if (request.queryParameter("ajoute").isPresent()) {
            body.append(Html.confirmation("message-info", "Document ajouté à votre dossier."));
        } else if (request.queryParameter("supprime").isPresent()) {
            body.append(Html.confirmation("message-info", "Document supprimé."));
        }
        body.append("<p><a href=\"/documents/ajouter\" id=\"ajouter-document\">Ajouter un document</a> · "
            + "<a href=\"/documents/historique\" id=\"historique\">Qui a consulté mes documents</a></p>");
        if (granted.value().isEmpty()) {
            body.append("<p id=\"aucun-document\">Votre dossier ne contient aucun document.</p>");
        } else {
            body.append("<table class=\"documents\" id=\"documents\"><thead><tr><th>Titre</th><th>Type</th><th>Auteur</th><th>Date</th>"
                + "<th>Visibilité</th><th>Actions</th></tr></thead><tbody>");
            List<DocumentMetadata> documents = new java.util.ArrayList<>(granted.value());
            documents.sort(java.util.Comparator.comparing((DocumentMetadata document) -> document.creationTime().orElse(document.filedAt())).reversed());
            for (DocumentMetadata document : documents) {
                String id = document.id().toString();
                body.append("<tr class=\"document\"><td data-label=\"Titre\"><a class=\"ouvrir-document\" href=\"/documents/").append(id).append("\">")
                    .append(Html.escape(document.title().isBlank() ? "(sans titre)" : document.title())).append("</a></td>")
                    .append("<td data-label=\"Type\">").append(Html.escape(type(document))).append("</td>")
                    .append("<td data-label=\"Auteur\">").append(Html.escape(author(document))).append("</td>")
                    .append("<td data-label=\"Date\">").append(Html.date(document.creationTime().orElse(document.filedAt()))).append("</td>")
                    .append("<td class=\"visibilite\" data-label=\"Visibilité\">").append(document.hidden() ? "Masqué aux professionnels" : "Visible").append("</td>")
                    .append("<td class=\"actions\" data-label=\"Actions\"><form method=\"post\" action=\"/documents/").append(id).append(document.hidden() ? "/afficher" : "/masquer")
                    .append("\">").append(Html.csrfField(session.csrf()))
                    .append("<button type=\"submit\" class=\"").append(document.hidden() ? "afficher" : "masquer").append("\">")
                    .append(document.hidden() ? "Rendre visible" : "Masquer").append("</button></form> ")
                    .append("<a class=\"bouton-secondaire\" href=\"/documents/").append(id).append("/telecharger\">Télécharger</a></td></tr>");
            }
            body.append("</tbody></table>");
        }
        return WebResponse.html(Html.page(Html.Section.DOCUMENTS, "Mes documents", session.csrf(), body.toString()));
    }

    private WebResponse show(WebmailSessions.Session session, Actor actor, DocumentId id, Optional<String> error) throws DmpStoreException, IOException {
        AccessOutcome<StoredDocument> outcome = store.get().fetch(actor, id);
        if (!(outcome instanceof AccessOutcome.Granted<StoredDocument> granted)) {
            return WebResponse.notFound();
        }
        DocumentMetadata metadata = granted.value().metadata();
        StringBuilder body = new StringBuilder("<h1 id=\"titre-document\">").append(Html.escape(metadata.title())).append("</h1>")
            .append("<dl class=\"metadonnees\"><dt>Type</dt><dd>").append(Html.escape(type(metadata))).append("</dd>")
            .append("<dt>Auteur</dt><dd>").append(Html.escape(author(metadata))).append("</dd>")
            .append("<dt>Date</dt><dd>").append(Html.date(metadata.creationTime().orElse(metadata.filedAt()))).append("</dd>")
            .append("<dt>Visibilité</dt><dd>").append(metadata.hidden() ? "Masqué aux professionnels" : "Visible").append("</dd></dl>");
        String mime = metadata.mimeType().toLowerCase(Locale.ROOT);
        if (mime.startsWith("text/") || mime.endsWith("/xml") || mime.endsWith("+xml")) {
            byte[] content;
            try (InputStream input = granted.value().content().open()) {
                content = input.readNBytes(MAX_SHOWN_BYTES);
            }
            body.append("<pre class=\"document\" id=\"contenu-document\">").append(Html.escape(new String(content, StandardCharsets.UTF_8))).append("</pre>");
        }
        body.append("<p><a href=\"/documents/").append(id).append("/telecharger\" id=\"telecharger\">Télécharger</a> · <a href=\"/documents\">Retour</a></p>");
        if (metadata.document().origin() == DocumentOrigin.PATIENT) {
            error.ifPresent(text -> body.append(Html.error("erreur", text)));
            body.append("<form method=\"post\" action=\"/documents/").append(id).append("/supprimer\" class=\"supprimer\">")
                .append(Html.csrfField(session.csrf()))
                .append("<p><input type=\"checkbox\" id=\"confirmation-suppression\" name=\"confirmation\" value=\"oui\" required> ")
                .append("<label for=\"confirmation-suppression\">Je veux supprimer ce document de mon dossier</label></p>")
                .append("<button type=\"submit\" id=\"supprimer\">Supprimer ce document</button></form>");
        }
        return WebResponse.html(Html.page(Html.Section.DOCUMENTS, metadata.title(), session.csrf(), body.toString()));
    }

    private WebResponse download(Actor actor, DocumentId id) throws DmpStoreException, IOException {
        AccessOutcome<StoredDocument> outcome = store.get().fetch(actor, id);
        if (!(outcome instanceof AccessOutcome.Granted<StoredDocument> granted)) {
            return WebResponse.notFound();
        }
        try (InputStream input = granted.value().content().open()) {
            DocumentMetadata metadata = granted.value().metadata();
            String title = metadata.title().isBlank() ? "document" : metadata.title();
            return WebResponse.download(fileName(title, metadata.mimeType()), input.readAllBytes());
        }
    }

    /**
     * Who accessed the record: professionals', establishments' and the gateway's accesses first, then, apart, the
     * patient's own; optionally for one document.
     */
    private WebResponse history(WebmailSessions.Session session, Actor actor, Ins patient, Optional<DocumentId> only) throws DmpStoreException {
        AccessOutcome<List<AccessEvent>> outcome = store.get().accessHistory(actor, patient);
        AccessOutcome<List<DocumentMetadata>> documents = store.get().list(actor, patient);
        if (!(outcome instanceof AccessOutcome.Granted<List<AccessEvent>> granted)) {
            return WebResponse.notFound();
        }
        Map<DocumentId, String> titles = new java.util.LinkedHashMap<>();
        if (documents instanceof AccessOutcome.Granted<List<DocumentMetadata>> list) {
            list.value().forEach(document -> titles.put(document.id(), document.title()));
        }
        List<AccessEvent> events = new java.util.ArrayList<>(granted.value());
        events.removeIf(event -> only.isPresent() && !event.document().equals(only));
        events.sort(java.util.Comparator.comparing(AccessEvent::at).reversed());
        StringBuilder body = new StringBuilder("<h1>Qui a consulté mes documents</h1>")
            .append("<form method=\"get\" action=\"/documents/historique\" class=\"filtre\"><label for=\"document\">Document</label>")
            .append("<select id=\"document\" name=\"document\"><option value=\"\">Tous les documents</option>");
        titles.forEach((id, title) -> body.append("<option value=\"").append(id).append('"')
            .append(only.filter(id::equals).isPresent() ? " selected" : "").append('>').append(Html.escape(title)).append("</option>"));
        body.append("</select><button type=\"submit\" id=\"filtrer\">Afficher</button></form>");
        table(body, "acces", "Professionnels, établissements et logiciels",
            "Aucun professionnel ni établissement n'a accédé à ces documents.",
            events.stream().filter(event -> event.actor().kind() != Actor.Kind.PATIENT).toList(), titles);
        table(body, "acces-personnels", "Vos propres consultations", "Aucune.",
            events.stream().filter(event -> event.actor().kind() == Actor.Kind.PATIENT).toList(), titles);
        return WebResponse.html(Html.page(Html.Section.DOCUMENTS, "Historique des accès", session.csrf(), body.toString()));
    }

    private static void table(StringBuilder body, String id, String title, String none, List<AccessEvent> events, Map<DocumentId, String> titles) {
        body.append("<h2 id=\"titre-").append(id).append("\">").append(title).append("</h2>");
        if (events.isEmpty()) {
            body.append("<p id=\"").append(id).append("\">").append(none).append("</p>");
            return;
        }
        body.append("<table class=\"historique\" id=\"").append(id).append("\" aria-labelledby=\"titre-").append(id).append("\"><thead><tr>")
            .append("<th>Date</th><th>Qui</th><th>Action</th><th>Document</th><th>Résultat</th></tr></thead><tbody>");
        for (AccessEvent event : events) {
            body.append("<tr><td data-label=\"Date\">").append(Html.date(event.at())).append("</td><td data-label=\"Qui\">").append(Html.escape(who(event.actor())))
                .append("</td><td data-label=\"Action\">").append(Html.escape(action(event))).append("</td><td data-label=\"Document\">")
                .append(Html.escape(event.document().map(document -> titles.getOrDefault(document, "")).orElse("")))
                .append("</td><td data-label=\"Résultat\">").append(event.granted() ? "Autorisé" : "Refusé").append("</td></tr>");
        }
        body.append("</tbody></table>");
    }

    private static String who(Actor actor) {
        return switch (actor.kind()) {
            case PATIENT -> "Vous";
            case PROFESSIONAL -> actor.identifier();
            case ADMIN -> "Administrateur de la messagerie";
            case GATEWAY -> "Messagerie (dépôt automatique)";
        };
    }

    private static String action(AccessEvent event) {
        return switch (event.action()) {
            case FILE -> "Dépôt";
            case LIST -> "Liste des documents";
            case FETCH -> "Consultation";
            case HIDE -> "Masquage";
            case SHOW -> "Affichage";
            case READ_HISTORY -> "Lecture de l'historique";
            case DELETE -> "Suppression";
        };
    }

    /** A document's author as the patient reads it: "Vous" for what they added. */
    private static String author(DocumentMetadata document) {
        if (document.document().origin() == DocumentOrigin.PATIENT) {
            return "Vous";
        }
        return document.document().author().map(author -> author.displayName()).orElse("");
    }

    /**
     * The types a patient chooses from when adding a document: LOINC codes of the DMP's document types (value set
     * JDV_J07-XdsTypeCode-CISIS of the ANS), with the names patients know.
     */
    static final List<CodedValue> PATIENT_TYPES = List.of(
        new CodedValue("57833-6", CodedValue.LOINC, Optional.of("Ordonnance")),
        new CodedValue("11502-2", CodedValue.LOINC, Optional.of("Résultats d'analyses de biologie")),
        new CodedValue("18748-4", CodedValue.LOINC, Optional.of("Compte rendu d'imagerie")),
        new CodedValue("11488-4", CodedValue.LOINC, Optional.of("Compte rendu de consultation")),
        new CodedValue("34133-9", CodedValue.LOINC, Optional.of("Synthèse médicale")),
        new CodedValue("11369-6", CodedValue.LOINC, Optional.of("Vaccinations")));
    private static final int MAX_TITLE = 200;
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private WebResponse addForm(WebmailSessions.Session session, Optional<String> error, WebRequest request, int status) {
        boolean again = request.isPost();
        String typedTitle = again ? request.formField("titre").strip() : "";
        String typedDate = again ? request.formField("date").strip() : "";
        String typedType = again ? request.formField("type") : "";
        String invalid = error.isPresent() ? " aria-invalid=\"true\" aria-describedby=\"erreur\"" : "";
        StringBuilder body = new StringBuilder("<h1>Ajouter un document</h1>");
        error.ifPresent(text -> body.append(Html.error("erreur", text)));
        body.append("<p>Ajoutez à votre dossier un document au format PDF, JPEG ou PNG (").append(settingsLimit())
            .append(" au plus). Les professionnels qui vous suivent le verront, sauf si vous le masquez.</p>")
            .append("<form method=\"post\" action=\"/documents/ajouter\" enctype=\"multipart/form-data\" class=\"ajout-document\">")
            .append(Html.csrfField(session.csrf()))
            .append("<label for=\"fichier\">Fichier (PDF, JPEG ou PNG)</label>")
            .append("<input id=\"fichier\" name=\"fichier\" type=\"file\" accept=\"application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png\" required")
            .append(invalid).append(">")
            .append("<label for=\"type\">Type de document</label><select id=\"type\" name=\"type\" required>");
        for (CodedValue type : PATIENT_TYPES) {
            body.append("<option value=\"").append(type.code()).append('"').append(type.code().equals(typedType) ? " selected" : "").append('>')
                .append(Html.escape(type.displayName().orElse(type.code()))).append("</option>");
        }
        body.append("</select>")
            .append("<label for=\"titre\">Titre</label>")
            .append("<input id=\"titre\" name=\"titre\" maxlength=\"").append(MAX_TITLE).append("\" required value=\"")
            .append(Html.escape(typedTitle.length() > MAX_TITLE ? "" : typedTitle)).append("\">")
            .append("<label for=\"date\">Date du document</label>")
            .append("<input id=\"date\" name=\"date\" type=\"date\" required value=\"").append(Html.escape(typedDate.length() > 10 ? "" : typedDate))
            .append("\">")
            .append("<p><input type=\"checkbox\" id=\"masque\" name=\"masque\" value=\"oui\"> ")
            .append("<label for=\"masque\">Masquer ce document aux professionnels</label></p>")
            .append("<button type=\"submit\" id=\"ajouter\">Ajouter</button></form>")
            .append("<p><a href=\"/documents\">Retour</a></p>");
        return WebResponse.html(status, Html.page(Html.Section.DOCUMENTS, error.isPresent() ? "Erreur – Ajouter un document" : "Ajouter un document",
            session.csrf(), body.toString()));
    }

    private String settingsLimit() {
        return maxUpload / 1_000_000 + " Mo";
    }

    /** A patient's upload: the format told by the content (never the file name), the type from the list, a title, a past date. */
    private WebResponse add(WebmailSessions.Session session, Actor actor, Ins patient, WebRequest request) throws DmpStoreException {
        if (request.uploadsOverLimit()) {
            return addForm(session, Optional.of("Fichier trop volumineux : " + settingsLimit() + " au plus."), request, 400);
        }
        List<WebRequest.Upload> files = request.uploads().stream().filter(upload -> upload.field().equals("fichier")).toList();
        if (files.size() != 1 || files.get(0).content().length == 0) {
            return addForm(session, Optional.of("Choisissez un fichier."), request, 400);
        }
        byte[] content = files.get(0).content();
        if (content.length > maxUpload) {
            return addForm(session, Optional.of("Fichier trop volumineux : " + settingsLimit() + " au plus."), request, 400);
        }
        Optional<String> mimeType = sniff(content);
        if (mimeType.isEmpty()) {
            return addForm(session, Optional.of("Format non accepté : seuls les documents PDF et les images JPEG ou PNG peuvent être ajoutés."),
                request, 400);
        }
        Optional<CodedValue> type = PATIENT_TYPES.stream().filter(candidate -> candidate.code().equals(request.formField("type"))).findFirst();
        if (type.isEmpty()) {
            return addForm(session, Optional.of("Choisissez le type du document dans la liste."), request, 400);
        }
        String title = request.formField("titre").strip();
        if (title.isEmpty() || title.length() > MAX_TITLE) {
            return addForm(session, Optional.of("Donnez un titre au document (" + MAX_TITLE + " caractères au plus)."), request, 400);
        }
        Optional<LocalDate> date = date(request.formField("date"));
        if (date.isEmpty()) {
            return addForm(session, Optional.of("Indiquez la date du document (au plus tard aujourd'hui)."), request, 400);
        }
        FilingOutcome filed = store.get().file(actor, NewDocument.fromPatient(patient, type.get(), title,
            date.get().atStartOfDay(PARIS).toInstant(), mimeType.get()), DocumentContent.ofBytes(content));
        DocumentId id = filed instanceof FilingOutcome.Filed done ? done.document().id() : ((FilingOutcome.Duplicate) filed).existing();
        if (filed instanceof FilingOutcome.Duplicate) {
            return addForm(session, Optional.of("Ce document est déjà dans votre dossier."), request, 409);
        }
        if (request.formField("masque").equals("oui")) {
            store.get().setHidden(actor, id, true);
        }
        return WebResponse.redirect("/documents?ajoute=1");
    }

    /** The format of an upload by its first bytes: PDF, JPEG, PNG, nothing else. */
    static Optional<String> sniff(byte[] content) {
        if (startsWith(content, new byte[] {'%', 'P', 'D', 'F', '-'})) {
            return Optional.of(DocumentTypes.PDF);
        }
        if (startsWith(content, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})) {
            return Optional.of(DocumentTypes.JPEG);
        }
        if (startsWith(content, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})) {
            return Optional.of(DocumentTypes.PNG);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] content, byte[] prefix) {
        return content.length >= prefix.length && java.util.Arrays.equals(content, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static Optional<LocalDate> date(String value) {
        try {
            LocalDate date = LocalDate.parse(value.strip());
            LocalDate today = LocalDate.now(PARIS);
            return date.isAfter(today) || date.getYear() < 1900 ? Optional.empty() : Optional.of(date);
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The document's type as the patient knows it: its LOINC type's name, or else its format in words (never a MIME type). */
    static String type(DocumentMetadata document) {
        return document.typeCode().map(code -> code.displayName().orElse(code.code())).orElse(format(document.mimeType()));
    }

    static String format(String mimeType) {
        return switch (DocumentTypes.normalize(mimeType)) {
            case DocumentTypes.PDF -> "Document PDF";
            case DocumentTypes.JPEG -> "Image JPEG";
            case DocumentTypes.PNG -> "Image PNG";
            case DocumentTypes.TIFF -> "Image TIFF";
            case DocumentTypes.CDA -> "Document médical structuré (CDA)";
            case DocumentTypes.TEXT -> "Texte";
            case DocumentTypes.RTF -> "Document texte mis en forme (RTF)";
            case "application/zip", "application/x-zip-compressed" -> "Dossier de documents (ZIP)";
            default -> "Document";
        };
    }

    /** The title with the extension of the document's format, so that the phone or computer opens it with the right application. */
    static String fileName(String title, String mimeType) {
        String extension = switch (DocumentTypes.normalize(mimeType)) {
            case DocumentTypes.PDF -> ".pdf";
            case DocumentTypes.JPEG -> ".jpg";
            case DocumentTypes.PNG -> ".png";
            case DocumentTypes.TIFF -> ".tif";
            case DocumentTypes.CDA -> ".xml";
            case DocumentTypes.TEXT -> ".txt";
            case DocumentTypes.RTF -> ".rtf";
            default -> "";
        };
        return title.toLowerCase(Locale.ROOT).endsWith(extension) ? title : title + extension;
    }

    private static Optional<DocumentId> documentId(String value) {
        try {
            return Optional.of(DocumentId.parse(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
