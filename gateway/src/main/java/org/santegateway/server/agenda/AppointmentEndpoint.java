package org.santegateway.server.agenda;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.hl7.fhir.r4.model.Appointment.AppointmentParticipantComponent;
import org.hl7.fhir.r4.model.Appointment.ParticipationStatus;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.santegateway.agenda.AgendaStore;
import org.santegateway.agenda.Appointment;
import org.santegateway.agenda.AppointmentSource;
import org.santegateway.agenda.AppointmentStatus;
import org.santegateway.agenda.PatientResponse;
import org.santegateway.audit.ActorKind;
import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.AuditLog;
import org.santegateway.audit.CommonOutcome;
import org.santegateway.audit.Pseudonyms;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.conversation.PatientSpaceStates;
import org.santegateway.dmp.Ins;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;

/**
 * The FHIR {@code Appointment} resource for certified applications, after the ANS shared-agenda guide ("Gestion
 * d'Agendas Partagés"): creation by {@code POST /fhir/Appointment}, update by conditional {@code PUT
 * /fhir/Appointment?identifier=system|value}, read ({@code GET /fhir/Appointment/{id}}) and search by identifier or
 * patient ({@code GET /fhir/Appointment?identifier=...} or {@code ?patient.identifier=urn:oid:1.2.250.1.213.1.4.8|INS}),
 * each application seeing only the appointments it declared. The patient is the participant whose actor has an INS
 * identifier; their space must be open. Resources are parsed strictly with HAPI FHIR (unknown elements refused) and
 * checked for what the agenda needs; FHIR XML only (HAPI's JSON needs a newer Jackson than James ships).
 */
public class AppointmentEndpoint {
    /** What the HTTP layer writes. */
    public record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
    }

    public static final String PATH = "/fhir/Appointment";
    public static final String INS_NIR = "urn:oid:1.2.250.1.213.1.4.8";
    private static final String FHIR_XML = "application/fhir+xml; charset=utf-8";
    private static final int MAX_BODY = 200_000;

    private final AgendaStore store;
    private final PatientSpaceStates spaces;
    private final PatientDomains patientDomains;
    private final FhirContext fhir;
    private final AuditLog auditLog;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    @Inject
    public AppointmentEndpoint(AgendaStore store, PatientSpaceStates spaces, PatientDomains patientDomains, FhirContext fhir, AuditLog auditLog,
                               Pseudonyms pseudonyms, Clock clock) {
        this.store = store;
        this.spaces = spaces;
        this.patientDomains = patientDomains;
        this.fhir = fhir;
        this.auditLog = auditLog;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
    }

    public static boolean handles(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    /**
     * @param application the APP mailbox the client certificate signed in to
     * @param contentType the request's {@code Content-Type}
     * @param base        the address the caller reached, for {@code Location}
     */
    public Answer handle(String method, String path, Map<String, List<String>> query, Optional<String> contentType, byte[] body,
                         String application, String base) {
        String author = application.toLowerCase(Locale.ROOT);
        switch (method) {
            case "POST" -> {
                if (!path.equals(PATH)) {
                    return outcome(405, OperationOutcome.IssueType.NOTSUPPORTED, "POST to " + PATH);
                }
                return write(Optional.empty(), contentType, body, author, base);
            }
            case "PUT" -> {
                List<String> identifiers = query.getOrDefault("identifier", List.of());
                if (!path.equals(PATH) || identifiers.size() != 1) {
                    return outcome(400, OperationOutcome.IssueType.REQUIRED, "update by PUT " + PATH + "?identifier=system|value");
                }
                return write(Optional.of(identifiers.get(0)), contentType, body, author, base);
            }
            case "GET" -> {
                return path.equals(PATH) ? search(query, author) : read(path.substring(PATH.length() + 1), author);
            }
            default -> {
                return new Answer(405, FHIR_XML, encode(issue(OperationOutcome.IssueType.NOTSUPPORTED, "GET, POST or PUT")),
                    Map.of("Allow", "GET, POST, PUT"));
            }
        }
    }

    private Answer write(Optional<String> conditional, Optional<String> contentType, byte[] body, String author, String base) {
        if (contentType.isEmpty() || !contentType.get().toLowerCase(Locale.ROOT).contains("xml")) {
            return outcome(415, OperationOutcome.IssueType.NOTSUPPORTED, "send the Appointment as FHIR XML (application/fhir+xml)");
        }
        if (body.length > MAX_BODY) {
            return outcome(413, OperationOutcome.IssueType.TOOCOSTLY, "an Appointment is at most " + MAX_BODY + " bytes");
        }
        org.hl7.fhir.r4.model.Appointment resource;
        try {
            IParser parser = fhir.newXmlParser().setParserErrorHandler(new StrictErrorHandler());
            resource = parser.parseResource(org.hl7.fhir.r4.model.Appointment.class, new String(body, StandardCharsets.UTF_8));
        } catch (DataFormatException | ClassCastException e) {
            return outcome(400, OperationOutcome.IssueType.STRUCTURE, "not a valid FHIR Appointment: " + firstLine(e.getMessage()));
        }
        Declared declared;
        try {
            declared = declared(resource);
        } catch (IllegalArgumentException e) {
            return outcome(422, OperationOutcome.IssueType.INVALID, e.getMessage());
        }
        if (conditional.isPresent() && !conditional.get().equals(declared.identifier())) {
            return outcome(400, OperationOutcome.IssueType.CONFLICT, "the Appointment's identifier differs from the one of the URL");
        }
        if (!open(declared.patient())) {
            audit(author, "agenda.appointment." + (conditional.isPresent() ? "update" : "create"), declared.patient(), Optional.of("patient_space_not_open"));
            return outcome(422, OperationOutcome.IssueType.BUSINESSRULE, "this patient has no open space here");
        }
        List<Appointment> existing = store.byAuthor(author, declared.identifier()).stream()
            .filter(appointment -> appointment.patient().equals(declared.patient())).toList();
        if (conditional.isEmpty() && !existing.isEmpty()) {
            return outcome(409, OperationOutcome.IssueType.DUPLICATE, "an Appointment with this identifier exists: update it with PUT "
                + PATH + "?identifier=" + declared.identifier());
        }
        Appointment appointment = new Appointment(existing.isEmpty() ? UUID.randomUUID().toString() : existing.get(0).id(),
            declared.patient(), AppointmentSource.APPLICATION, author, declared.identifier(),
            existing.isEmpty() ? 0 : existing.get(0).sequence() + 1, declared.status(), declared.start(), declared.end(), declared.with(),
            declared.speciality(), declared.place(), PatientResponse.NONE, Optional.empty(), clock.instant());
        AgendaStore.Saved saved = store.save(appointment);
        boolean created = saved.outcome() == AgendaStore.Outcome.CREATED;
        audit(author, "agenda.appointment." + (created ? "create" : "update"), declared.patient(), Optional.empty());
        return new Answer(created ? 201 : 200, FHIR_XML, encode(resource(saved.appointment())),
            Map.of("Location", base + PATH + "/" + saved.appointment().id(), "ETag", "W/\"" + saved.appointment().sequence() + "\""));
    }

    private Answer search(Map<String, List<String>> query, String author) {
        List<Appointment> found;
        List<String> identifiers = query.getOrDefault("identifier", List.of());
        List<String> patients = query.getOrDefault("patient.identifier", List.of());
        if (identifiers.size() == 1) {
            found = store.byAuthor(author, identifiers.get(0));
        } else if (patients.size() == 1) {
            Optional<Ins> patient = ins(patients.get(0));
            if (patient.isEmpty()) {
                return outcome(400, OperationOutcome.IssueType.VALUE, "patient.identifier=" + INS_NIR + "|INS");
            }
            found = store.of(patient.get()).stream().filter(appointment -> appointment.author().equals(author)).toList();
        } else {
            return outcome(400, OperationOutcome.IssueType.REQUIRED, "search by identifier=system|value or patient.identifier=" + INS_NIR + "|INS");
        }
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        found.forEach(appointment -> bundle.addEntry().setResource(resource(appointment)).getSearch().setMode(Bundle.SearchEntryMode.MATCH));
        bundle.setTotal(found.size());
        return new Answer(200, FHIR_XML, encode(bundle), Map.of());
    }

    private Answer read(String id, String author) {
        Optional<Appointment> appointment = store.find(id).filter(found -> found.author().equals(author));
        return appointment.map(found -> new Answer(200, FHIR_XML, encode(resource(found)), Map.of("ETag", "W/\"" + found.sequence() + "\"")))
            .orElseGet(() -> outcome(404, OperationOutcome.IssueType.NOTFOUND, "no such Appointment"));
    }

    /** What the agenda takes of an Appointment. */
    private record Declared(String identifier, Ins patient, AppointmentStatus status, Instant start, Optional<Instant> end, String with,
                            Optional<String> speciality, Optional<String> place) {
    }

    private static Declared declared(org.hl7.fhir.r4.model.Appointment resource) {
        Identifier identifier = resource.getIdentifier().stream().filter(candidate -> candidate.hasSystem() && candidate.hasValue()).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("Appointment.identifier with a system and a value is required"));
        String key = identifier.getSystem() + "|" + identifier.getValue();
        if (key.length() > 512) {
            throw new IllegalArgumentException("Appointment.identifier is too long");
        }
        if (!resource.hasStatus()) {
            throw new IllegalArgumentException("Appointment.status is required");
        }
        AppointmentStatus status = AppointmentStatus.ofCode(resource.getStatus().toCode())
            .orElseThrow(() -> new IllegalArgumentException("Appointment.status is not a known code"));
        if (!resource.hasStart()) {
            throw new IllegalArgumentException("Appointment.start is required");
        }
        Instant start = resource.getStart().toInstant();
        Optional<Instant> end = resource.hasEnd() ? Optional.of(resource.getEnd().toInstant()) : Optional.empty();
        if (end.isPresent() && end.get().isBefore(start)) {
            throw new IllegalArgumentException("Appointment.end is before Appointment.start");
        }
        Ins patient = null;
        String with = null;
        String place = null;
        for (AppointmentParticipantComponent participant : resource.getParticipant()) {
            Reference actor = participant.getActor();
            if (actor.hasIdentifier() && INS_NIR.equals(actor.getIdentifier().getSystem())) {
                Ins candidate = Ins.parse(actor.getIdentifier().getValue())
                    .orElseThrow(() -> new IllegalArgumentException("the patient's identifier is not a matricule INS"));
                if (patient != null && !patient.equals(candidate)) {
                    throw new IllegalArgumentException("an Appointment is on one patient's agenda");
                }
                patient = candidate;
            } else if (actor.hasDisplay()) {
                if (actor.getReference() != null && actor.getReference().startsWith("Location") || "Location".equals(actor.getType())) {
                    place = place == null ? text(actor.getDisplay(), "Location") : place;
                } else {
                    with = with == null ? text(actor.getDisplay(), "participant") : with;
                }
            }
        }
        if (patient == null) {
            throw new IllegalArgumentException("a participant whose actor has an identifier " + INS_NIR + "|INS (the patient) is required");
        }
        if (with == null) {
            throw new IllegalArgumentException("a participant with a display (the professional or establishment) is required");
        }
        Optional<String> speciality = resource.getSpecialty().stream().map(AppointmentEndpoint::label).flatMap(Optional::stream).findFirst()
            .or(() -> resource.hasDescription() ? Optional.of(text(resource.getDescription(), "description")) : Optional.empty());
        return new Declared(key, patient, status, start, end, with, speciality, Optional.ofNullable(place));
    }

    private static Optional<String> label(CodeableConcept concept) {
        if (concept.hasText()) {
            return Optional.of(text(concept.getText(), "specialty"));
        }
        return concept.getCoding().stream().filter(coding -> coding.hasDisplay()).map(coding -> text(coding.getDisplay(), "specialty")).findFirst();
    }

    private static String text(String value, String element) {
        String stripped = value.strip();
        if (stripped.isEmpty() || stripped.length() > Appointment.MAX_TEXT || stripped.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(element + ": 1 to " + Appointment.MAX_TEXT + " characters, no control character");
        }
        return stripped;
    }

    private org.hl7.fhir.r4.model.Appointment resource(Appointment appointment) {
        org.hl7.fhir.r4.model.Appointment resource = new org.hl7.fhir.r4.model.Appointment();
        resource.setId(appointment.id());
        resource.getMeta().setVersionId(Integer.toString(appointment.sequence())).setLastUpdated(Date.from(appointment.updatedAt()));
        int bar = appointment.identifier().indexOf('|');
        resource.addIdentifier().setSystem(appointment.identifier().substring(0, bar)).setValue(appointment.identifier().substring(bar + 1));
        resource.setStatus(org.hl7.fhir.r4.model.Appointment.AppointmentStatus.fromCode(appointment.status().code()));
        resource.setStart(Date.from(appointment.start()));
        appointment.end().ifPresent(end -> resource.setEnd(Date.from(end)));
        appointment.speciality().ifPresent(speciality -> resource.addSpecialty().setText(speciality));
        resource.addParticipant().setStatus(ParticipationStatus.ACCEPTED)
            .setActor(new Reference().setIdentifier(new Identifier().setSystem(INS_NIR).setValue(appointment.patient().matricule())));
        resource.addParticipant().setStatus(ParticipationStatus.ACCEPTED).setActor(new Reference().setDisplay(appointment.with()));
        appointment.place().ifPresent(place -> resource.addParticipant().setStatus(ParticipationStatus.ACCEPTED)
            .setActor(new Reference().setType("Location").setDisplay(place)));
        return resource;
    }

    private boolean open(Ins patient) {
        return patientDomains.domains().stream().map(domain -> address(patient, domain))
            .flatMap(Optional::stream)
            .anyMatch(address -> spaces.refusalFor(address).isEmpty());
    }

    private static Optional<MailAddress> address(Ins patient, Domain domain) {
        try {
            return Optional.of(new MailAddress(patient.matricule() + "@" + domain.asString()));
        } catch (javax.mail.internet.AddressException e) {
            return Optional.empty();
        }
    }

    private static Optional<Ins> ins(String value) {
        int bar = value.indexOf('|');
        if (bar >= 0 && !value.substring(0, bar).equals(INS_NIR)) {
            return Optional.empty();
        }
        return Ins.parse(bar >= 0 ? value.substring(bar + 1) : value);
    }

    private void audit(String application, String action, Ins patient, Optional<String> refusal) {
        auditLog.record(new AuditEvent(clock.instant(), ActorKind.USER, pseudonyms.of(application), action,
            List.of("patient:" + pseudonyms.of(patient.matricule())), refusal.isEmpty() ? CommonOutcome.ACCEPTED : CommonOutcome.REFUSED,
            refusal));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

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
