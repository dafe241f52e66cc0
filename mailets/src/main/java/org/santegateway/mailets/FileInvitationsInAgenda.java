package org.santegateway.mailets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.inject.Inject;
import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.santegateway.agenda.AgendaStore;
import org.santegateway.agenda.Appointment;
import org.santegateway.agenda.AppointmentSource;
import org.santegateway.agenda.AppointmentStatus;
import org.santegateway.agenda.Invitations;
import org.santegateway.agenda.PatientResponse;
import org.santegateway.audit.CommonOutcome;
import org.santegateway.audit.Count;
import org.santegateway.audit.OutcomeRecorder;
import org.santegateway.audit.Pseudonyms;
import org.santegateway.audit.Trace;
import org.santegateway.conversation.LocalDomains;
import org.santegateway.conversation.Role;
import org.santegateway.conversation.RoleResolver;
import org.santegateway.conversation.SenderIdentity;
import org.santegateway.dmp.Ins;
import org.santegateway.notices.Notices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files a professional's invitation (an iTIP {@code text/calendar} part, {@code METHOD:REQUEST}) into the agenda of each
 * local patient it is addressed to, as the appointment the organiser's UID names: a later {@code SEQUENCE} moves it (and
 * asks the patient again), {@code METHOD:CANCEL} or {@code STATUS:CANCELLED} cancels it. The organiser must be the
 * sender (the policy has checked the sender; the calendar's ORGANIZER is only a text). The appointment keeps no
 * attendee, and the delivered calendar loses the other patients' attendees: nothing of other patients invited reaches a
 * patient. A refused calendar (see {@link Invitations})
 * is audited with its reason and the sender is told why, in a notice from the postmaster; the mail itself is delivered.
 *
 * <pre>
 * &lt;mailet match="All" class="org.santegateway.mailets.FileInvitationsInAgenda" onMailetException="propagate"/&gt;
 * </pre>
 */
public class FileInvitationsInAgenda extends GenericMailet {
    public static final String METRIC = "gateway.agenda.invitations";
    static final ZoneId PATIENTS_ZONE = ZoneId.of("Europe/Paris");
    private static final int MAX_DEPTH = 5;
    private static final Logger LOGGER = LoggerFactory.getLogger(FileInvitationsInAgenda.class);

    private final AgendaStore store;
    private final RoleResolver roles;
    private final LocalDomains localDomains;
    private final OutcomeRecorder recorder;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    @Inject
    public FileInvitationsInAgenda(AgendaStore store, RoleResolver roles, LocalDomains localDomains, OutcomeRecorder recorder,
                                   Pseudonyms pseudonyms, Clock clock) {
        this.store = store;
        this.roles = roles;
        this.localDomains = localDomains;
        this.recorder = recorder;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MessageFacts.Sender facts = MessageFacts.sender(mail, roles);
        SenderIdentity sender = facts.identity();
        if (facts.role() != Role.PROFESSIONAL || sender.address().isEmpty() || mail.getRecipients().isEmpty() || Notices.isNotice(mail)) {
            return;
        }
        Set<Ins> patients = new LinkedHashSet<>();
        for (MailAddress recipient : mail.getRecipients()) {
            if (roles.recipientRole(recipient) == Role.PATIENT && localDomains.isLocal(recipient.getDomain())) {
                Ins.parse(recipient.getLocalPart()).ifPresent(patients::add);
            }
        }
        if (patients.isEmpty()) {
            return;
        }
        List<String> calendars = new ArrayList<>();
        try {
            collect(mail.getMessage(), 0, calendars);
        } catch (IOException e) {
            LOGGER.warn("An invitation could not be read: {}", e.getClass().getSimpleName());
            return;
        }
        String organizer = sender.address().get().asString().toLowerCase(Locale.ROOT);
        Optional<String> reference = Optional.ofNullable(mail.getMessage().getMessageID());
        for (String calendar : calendars) {
            Invitations.Reading reading = Invitations.read(calendar, PATIENTS_ZONE);
            if (reading instanceof Invitations.Reading.Refused refused) {
                record(organizer, patients, CommonOutcome.REFUSED, refused.reason());
                tellSender(sender.address().get(), reference, refused.reason());
            } else if (reading instanceof Invitations.Reading.Request request) {
                file(request.event(), false, organizer, patients, reference);
            } else if (reading instanceof Invitations.Reading.Cancel cancel) {
                file(cancel.event(), true, organizer, patients, reference);
            }
        }
        withoutOtherPatients(mail);
    }

    private void file(Invitations.Event event, boolean cancel, String organizer, Set<Ins> patients, Optional<String> reference)
        throws MessagingException {
        if (!event.organizer().equals(organizer)) {
            record(organizer, patients, CommonOutcome.REFUSED, "organizer_not_sender");
            tellSender(new MailAddress(organizer), reference, "organizer_not_sender");
            return;
        }
        for (Ins patient : patients) {
            Optional<Appointment> existing = store.byAuthor(organizer, event.uid()).stream()
                .filter(appointment -> appointment.patient().equals(patient)).findFirst();
            if (existing.isPresent() && event.sequence() < existing.get().sequence()) {
                record(organizer, Set.of(patient), CommonOutcome.REFUSED, "stale_sequence");
                continue;
            }
            if (cancel && existing.isEmpty()) {
                continue;
            }
            // A new revision asks the patient again (RFC 5546 3.2.2: attendees answer each significant change).
            boolean sameRevision = existing.isPresent() && existing.get().sequence() == event.sequence();
            PatientResponse response = sameRevision ? existing.get().response() : PatientResponse.NEEDS_ACTION;
            AppointmentStatus status = cancel || event.cancelled() ? AppointmentStatus.CANCELLED
                : switch (response) {
                    case ACCEPTED -> AppointmentStatus.BOOKED;
                    case DECLINED -> AppointmentStatus.CANCELLED;
                    default -> AppointmentStatus.PENDING;
                };
            Appointment appointment = cancel
                ? new Appointment(existing.get().id(), patient, AppointmentSource.INVITATION, organizer, event.uid(), event.sequence(), status,
                    existing.get().start(), existing.get().end(), existing.get().with(), existing.get().speciality(), existing.get().place(),
                    existing.get().response(), existing.get().reference(), clock.instant())
                : new Appointment(existing.map(Appointment::id).orElseGet(() -> UUID.randomUUID().toString()), patient,
                    AppointmentSource.INVITATION, organizer, event.uid(), event.sequence(), status, event.start(), event.end(),
                    event.organizerName().orElse(organizer), event.summary(), event.location(), response, reference, clock.instant());
            AgendaStore.Saved saved = store.save(appointment);
            record(organizer, Set.of(patient), CommonOutcome.ACCEPTED, cancel || event.cancelled() ? "cancelled"
                : saved.outcome().name().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Tells the sender, as the postmaster and with a null envelope sender (a notice is never answered), that the
     * invitation did not reach the patient's agenda and why, in French and English; the message itself was delivered.
     * Names no patient.
     */
    private void tellSender(MailAddress sender, Optional<String> reference, String reason) throws MessagingException {
        MimeMessage notice = new MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()));
        MailAddress postmaster = getMailetContext().getPostmaster();
        notice.setFrom(new javax.mail.internet.InternetAddress(postmaster.asString()));
        notice.setRecipient(javax.mail.Message.RecipientType.TO, new javax.mail.internet.InternetAddress(sender.asString()));
        notice.setSubject("Invitation non prise en compte dans l'agenda du patient / Invitation not added to the patient's agenda", "UTF-8");
        if (reference.isPresent()) {
            notice.setHeader("In-Reply-To", reference.get());
            notice.setHeader("References", reference.get());
        }
        notice.setHeader("Auto-Submitted", "auto-replied");
        notice.setText("Votre message a été remis, mais l'invitation qu'il contient n'a pas été ajoutée à l'agenda du patient : "
            + french(reason) + ".\n\nYour message was delivered, but the invitation it carries was not added to the patient's agenda: "
            + reason.replace('_', ' ') + ".\n", "UTF-8");
        getMailetContext().sendMail(MailAddress.nullSender(), List.of(sender), notice);
    }

    private static String french(String reason) {
        return switch (reason) {
            case "calendar_too_large" -> "le calendrier est trop volumineux";
            case "calendar_unreadable" -> "le calendrier est illisible (format iCalendar invalide)";
            case "too_many_components", "too_many_events" -> "le calendrier contient trop d'événements";
            case "no_event" -> "le calendrier ne contient aucun événement";
            case "unknown_time_zone" -> "le fuseau horaire est inconnu";
            case "no_start" -> "la date de début manque";
            case "ends_before_start" -> "la fin précède le début";
            case "bad_date" -> "une date est invalide";
            case "bad_uid" -> "l'identifiant (UID) manque ou est trop long";
            case "bad_sequence" -> "le numéro de révision (SEQUENCE) est invalide";
            case "no_organizer", "organizer_not_mailto" -> "l'organisateur manque ou n'est pas une adresse de messagerie";
            case "organizer_not_sender" -> "l'organisateur n'est pas l'expéditeur du message";
            default -> "invitation invalide";
        };
    }

    /**
     * Removes from the delivered calendars every attendee of a patient domain, except the one patient the mail goes to
     * when it goes to one: a professional who invites several patients with one event and one mail each does not show
     * each of them the others. Professionals' attendees stay.
     */
    private void withoutOtherPatients(Mail mail) throws MessagingException {
        List<String> patientRecipients = mail.getRecipients().stream().filter(recipient -> roles.recipientRole(recipient) == Role.PATIENT)
            .map(recipient -> recipient.asString().toLowerCase(Locale.ROOT)).toList();
        java.util.function.Predicate<String> otherPatient = attendee -> {
            if (patientRecipients.size() == 1 && patientRecipients.get(0).equals(attendee)) {
                return false;
            }
            try {
                return roles.recipientRole(new MailAddress(attendee)) == Role.PATIENT;
            } catch (javax.mail.internet.AddressException e) {
                return false;
            }
        };
        try {
            if (rewrite(mail.getMessage(), 0, otherPatient)) {
                mail.getMessage().saveChanges();
            }
        } catch (IOException e) {
            LOGGER.warn("An invitation's attendees could not be removed: {}", e.getClass().getSimpleName());
        }
    }

    /**
     * Rewrites the calendar parts under this part without the attendees {@code drop} names; a multipart whose child
     * changed is set again on its parent (a parsed message does not see changes made to a multipart it handed out).
     */
    private static boolean rewrite(Part part, int depth, java.util.function.Predicate<String> drop) throws MessagingException, IOException {
        if (depth > MAX_DEPTH) {
            return false;
        }
        ContentType type;
        try {
            type = new ContentType(part.getContentType() == null ? "text/plain" : part.getContentType());
        } catch (javax.mail.internet.ParseException e) {
            return false;
        }
        if (type.match("multipart/*") && part.getContent() instanceof Multipart multipart) {
            boolean changed = false;
            for (int i = 0; i < multipart.getCount(); i++) {
                changed |= rewrite(multipart.getBodyPart(i), depth + 1, drop);
            }
            if (changed) {
                part.setContent(multipart);
            }
            return changed;
        }
        if (type.match("text/calendar") || type.match("application/ics")) {
            String text;
            try (InputStream input = part.getInputStream()) {
                text = new String(input.readNBytes(Invitations.MAX_BYTES + 1), StandardCharsets.UTF_8);
            }
            Optional<String> cleaned = Invitations.withoutAttendees(text, drop);
            if (cleaned.isPresent()) {
                part.setContent(cleaned.get(), part.getContentType());
                return true;
            }
        }
        return false;
    }

    /** The {@code text/calendar} parts (also {@code application/ics}), the first levels of the MIME tree only. */
    private static void collect(Part part, int depth, List<String> calendars) throws MessagingException, IOException {
        if (depth > MAX_DEPTH || calendars.size() >= 3) {
            return;
        }
        ContentType type;
        try {
            type = new ContentType(part.getContentType() == null ? "text/plain" : part.getContentType());
        } catch (javax.mail.internet.ParseException e) {
            return;
        }
        if (type.match("multipart/*")) {
            Object content = part.getContent();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    collect(child, depth + 1, calendars);
                }
            }
            return;
        }
        if (type.match("text/calendar") || type.match("application/ics")) {
            try (InputStream input = part.getInputStream()) {
                byte[] bytes = input.readNBytes(Invitations.MAX_BYTES + 1);
                String charset = Optional.ofNullable(type.getParameter("charset")).orElse("UTF-8");
                try {
                    calendars.add(new String(bytes, java.nio.charset.Charset.forName(charset)));
                } catch (IllegalArgumentException e) {
                    calendars.add(new String(bytes, StandardCharsets.UTF_8));
                }
            }
        }
    }

    private void record(String organizer, Set<Ins> patients, CommonOutcome outcome, String reason) {
        List<String> objects = patients.stream().map(patient -> "patient:" + pseudonyms.of(patient.matricule())).toList();
        recorder.record(new Trace(Role.PROFESSIONAL.actorKind(), pseudonyms.of(organizer), "agenda.invitation", objects, outcome,
                outcome == CommonOutcome.REFUSED ? Optional.of(reason) : Optional.empty()),
            Count.of(METRIC, "outcome", outcome.tag(), "reason", reason));
        if (outcome == CommonOutcome.REFUSED) {
            LOGGER.info("Invitation not filed in the agenda: {}", reason);
        }
    }
}
