package org.santegateway.server.spaces;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import javax.inject.Inject;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.user.api.model.User;
import org.santegateway.audit.ActorKind;
import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.AuditLog;
import org.santegateway.audit.CommonOutcome;
import org.santegateway.audit.Pseudonyms;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.conversation.PatientSpaceStates;
import org.santegateway.conversation.RefusalReason;
import org.santegateway.ins.MatriculeIns;
import org.santegateway.server.persistence.JpaTransactions;
import org.santegateway.server.registry.MailboxDeletion;
import org.santegateway.server.registry.RegistryRefusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The patient spaces' lifecycle ({@link SpaceState}) in the gateway's database: enrolment by batches, the objection,
 * the opening when the objection window is over (the James account is created then, with a password nobody knows),
 * the activation (the patient's first password, with the code of the opening notice), closure, reopening, deletion.
 * Every transition is an audit event ({@code space.<action>}, the space as a keyed pseudonym) and increments
 * {@value #METRIC}{@code {to}}. It also answers, at every message, whether a patient's space receives mail.
 */
public class PatientSpaces implements PatientSpaceStates {
    public static final String METRIC = "gateway.spaces.transition";
    /** Rows one run of the clock-driven transitions handles, at most (the next run takes the rest). */
    static final int BATCH = 500;
    /** The shortest first password. */
    public static final int MIN_PASSWORD = 12;
    private static final Logger LOGGER = LoggerFactory.getLogger(PatientSpaces.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who closes a space. A death closes it for good (no reopening). */
    public enum CloseReason {
        PATIENT, ADMIN, DEATH
    }

    /** What an enrolment batch did, or why it did nothing. */
    public record ImportReport(int enrolled, int alreadyEnrolled, int existingAccounts, List<EnrolmentImport.LineError> errors) {
    }

    /** What one run of the clock-driven transitions did. */
    public record Run(int opened, int deleted) {
    }

    private final EntityManagerFactory entityManagerFactory;
    private final UsersRepository users;
    private final PatientDomains patientDomains;
    private final MailboxDeletion deletion;
    private final SpaceNotices notices;
    private final SpaceSettings settings;
    private final AuditLog auditLog;
    private final Pseudonyms pseudonyms;
    private final MeterRegistry meters;
    private final Clock clock;
    private final NoticeAddresses noticeAddresses;

    @Inject
    public PatientSpaces(EntityManagerFactory entityManagerFactory, UsersRepository users, PatientDomains patientDomains,
                         MailboxDeletion deletion, SpaceNotices notices, SpaceSettings settings, AuditLog auditLog,
                         Pseudonyms pseudonyms, MeterRegistry meters, Clock clock, NoticeAddresses noticeAddresses) {
        this.noticeAddresses = noticeAddresses;
        this.entityManagerFactory = entityManagerFactory;
        this.users = users;
        this.patientDomains = patientDomains;
        this.deletion = deletion;
        this.notices = notices;
        this.settings = settings;
        this.auditLog = auditLog;
        this.pseudonyms = pseudonyms;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public Optional<RefusalReason> refusalFor(MailAddress patient) {
        String ins = patient.getLocalPart().toUpperCase(Locale.ROOT);
        Optional<SpaceState> state = read(entityManager -> Optional.ofNullable(entityManager.find(JpaPatientSpace.class, ins))
            .map(JpaPatientSpace::state));
        if (state.isPresent()) {
            return switch (state.get()) {
                case OPENED, ACTIVATED -> Optional.empty();
                case NOTIFIED -> Optional.of(RefusalReason.SPACE_NOT_OPEN);
                case OBJECTED -> Optional.of(RefusalReason.SPACE_OBJECTED);
                case CLOSED -> Optional.of(RefusalReason.SPACE_CLOSED);
                case DELETED -> Optional.of(RefusalReason.UNKNOWN_PATIENT);
            };
        }
        // No space on record: an account created by hand (before enrolment, or by an admin) is open; nothing else exists.
        try {
            return users.contains(Username.fromMailAddress(patient)) ? Optional.empty() : Optional.of(RefusalReason.UNKNOWN_PATIENT);
        } catch (UsersRepositoryException e) {
            throw new IllegalStateException("The users repository could not be read", e);
        }
    }

    public Optional<PatientSpace> find(String ins) {
        return read(entityManager -> Optional.ofNullable(entityManager.find(JpaPatientSpace.class, normalise(ins))).map(JpaPatientSpace::toSpace));
    }

    /** The spaces, in INS order, of one state or all, at most {@code limit} from {@code after} (exclusive). */
    public List<PatientSpace> list(Optional<SpaceState> state, Optional<String> after, int limit) {
        return read(entityManager -> {
            String query = "SELECT s FROM GatewayPatientSpace s WHERE s.ins > :after"
                + (state.isPresent() ? " AND s.state = :state" : "") + " ORDER BY s.ins";
            var typed = entityManager.createQuery(query, JpaPatientSpace.class).setParameter("after", after.map(PatientSpaces::normalise).orElse(""));
            state.ifPresent(value -> typed.setParameter("state", value.name()));
            return typed.setMaxResults(limit).getResultList().stream().map(JpaPatientSpace::toSpace).toList();
        });
    }

    /**
     * Enrols a batch (CSV, {@link EnrolmentImport}): all of it or, when a line is faulty, nothing. A patient enrolled
     * already is left as they are (the batch can be imported again); one with an account created by hand too. Each new
     * space is {@code NOTIFIED}: the notice with the objection code goes to the personal address (when there is one);
     * postal notices are in the next {@link #postalExport}.
     */
    public ImportReport enrol(String admin, String csv) {
        EnrolmentImport.Parsed parsed = EnrolmentImport.parse(csv);
        if (!parsed.valid()) {
            auditAdmin(admin, "space.import", List.of("errors:" + parsed.errors().size()), Optional.of("invalid_batch"));
            return new ImportReport(0, 0, 0, parsed.errors());
        }
        Instant now = clock.instant();
        List<EnrolmentImport.Row> enrolled = new ArrayList<>();
        int[] already = {0};
        int[] existing = {0};
        java.util.Map<String, String> codes = new java.util.HashMap<>();
        write(entityManager -> {
            for (EnrolmentImport.Row row : parsed.rows()) {
                if (entityManager.find(JpaPatientSpace.class, row.ins()) != null) {
                    already[0]++;
                    continue;
                }
                if (hasAccount(row.ins())) {
                    existing[0]++;
                    continue;
                }
                JpaPatientSpace space = new JpaPatientSpace(row.ins(), row.personalEmail(), row.postal(), now, now.plus(settings.objectionWindow()));
                String code = SpaceCodes.newCode();
                space.objectionCode(SpaceCodes.digest(row.ins(), code));
                entityManager.persist(space);
                enrolled.add(row);
                codes.put(row.ins(), code);
            }
            return null;
        });
        for (EnrolmentImport.Row row : enrolled) {
            row.personalEmail().ifPresent(email -> notices.objectionNotice(email, codes.get(row.ins()), now.plus(settings.objectionWindow())));
            transition(ActorKind.ADMIN, admin, "space.enrol", row.ins(), SpaceState.NOTIFIED);
        }
        auditAdmin(admin, "space.import", List.of("enrolled:" + enrolled.size(), "unchanged:" + (already[0] + existing[0])), Optional.empty());
        return new ImportReport(enrolled.size(), already[0], existing[0], List.of());
    }

    /**
     * The personal address of spaces still waiting (for the end of the objection window, or for their activation) was
     * refused for good by its mail server: their next notice goes by post (it is in the next {@link #postalExport}).
     * Returns how many spaces changed.
     */
    public int noticeFailed(MailAddress personal) {
        String address = personal.asString();
        int changed = write(entityManager -> entityManager.createQuery("UPDATE GatewayPatientSpace s SET s.postal = true,"
                + " s.postalExportedAt = NULL WHERE (s.personalEmail = :address OR s.personalEmail = :lower)"
                + " AND (s.state = :notified OR s.state = :opened)")
            .setParameter("address", address)
            .setParameter("lower", address.toLowerCase(Locale.ROOT))
            .setParameter("notified", SpaceState.NOTIFIED.name())
            .setParameter("opened", SpaceState.OPENED.name())
            .executeUpdate());
        if (changed > 0) {
            auditLog.record(new AuditEvent(clock.instant(), ActorKind.GATEWAY, "gateway", "space.postal-fallback",
                List.of("spaces:" + changed), CommonOutcome.ACCEPTED, Optional.empty()));
            LOGGER.info("{} patient space(s) will be notified by post: their personal address was refused", changed);
        }
        return changed;
    }

    /** The patient's objection, with the code of their notice, before the opening. No account is ever created. */
    public void object(String ins, String code) {
        String key = normalise(ins);
        write(entityManager -> {
            JpaPatientSpace space = locked(entityManager, key)
                .orElseThrow(() -> refused(RegistryRefusal.Reason.NOT_FOUND, "unknown", "no space is being created for this INS"));
            if (space.state() != SpaceState.NOTIFIED) {
                throw refused(RegistryRefusal.Reason.CONFLICT, "not_notified", "the objection window of this space is over");
            }
            if (space.objectionCode().isEmpty() || !SpaceCodes.matches(key, code, space.objectionCode().get())) {
                throw refused(RegistryRefusal.Reason.INVALID, "wrong_code", "the objection code is not the one of this space");
            }
            space.move(SpaceState.OBJECTED, Optional.empty(), clock.instant());
            return null;
        }, "space.objection", key, ActorKind.PATIENT, key);
        transition(ActorKind.PATIENT, key, "space.objection", key, SpaceState.OBJECTED);
    }

    /** The patient's first password, with the activation code of the opening notice. */
    public void activate(String ins, String code, String password) {
        String key = normalise(ins);
        if (password.length() < MIN_PASSWORD || password.toUpperCase(Locale.ROOT).contains(key) || password.isBlank()) {
            throw refused(RegistryRefusal.Reason.INVALID, "weak_password",
                "the password must have at least " + MIN_PASSWORD + " characters and must not contain the INS");
        }
        write(entityManager -> {
            JpaPatientSpace space = locked(entityManager, key)
                .orElseThrow(() -> refused(RegistryRefusal.Reason.NOT_FOUND, "unknown", "no space for this INS"));
            if (space.state() != SpaceState.OPENED || space.activationCode().isEmpty()) {
                throw refused(RegistryRefusal.Reason.CONFLICT, "not_opened", "this space is not waiting for its activation");
            }
            if (!SpaceCodes.matches(key, code, space.activationCode().get())) {
                throw refused(RegistryRefusal.Reason.INVALID, "wrong_code", "the activation code is not the one of this space");
            }
            setPassword(key, password);
            space.move(SpaceState.ACTIVATED, Optional.empty(), clock.instant());
            // The code came by e-mail only when there is no postal notice: then the patient reads that mailbox.
            return space.postal() ? Optional.<String>empty() : space.personalEmail();
        }, "space.activation", key, ActorKind.PATIENT, key).ifPresent(email -> {
            try {
                noticeAddresses.confirmed(Username.fromMailAddress(address(key)), new MailAddress(email));
            } catch (javax.mail.internet.AddressException e) {
                LOGGER.warn("The personal address of an activated space is not an address");
            }
        });
        transition(ActorKind.PATIENT, key, "space.activation", key, SpaceState.ACTIVATED);
    }

    /** Closes an open space: kept read-only for the archive period, then deleted. */
    public PatientSpace close(ActorKind actor, String actorId, String ins, CloseReason reason) {
        String key = normalise(ins);
        Instant now = clock.instant();
        PatientSpace closed = write(entityManager -> {
            JpaPatientSpace space = locked(entityManager, key).orElseGet(() -> adopt(entityManager, key, now));
            if (!space.state().isOpen()) {
                throw refused(RegistryRefusal.Reason.CONFLICT, "not_open", "only an open space can be closed (it is " + space.state() + ")");
            }
            space.move(SpaceState.CLOSED, Optional.of(now.plus(settings.archive())), now);
            space.closed(reason.name());
            return space.toSpace();
        }, "space.closure", key, actor, actorId);
        transition(actor, actorId, "space.closure", key, SpaceState.CLOSED);
        return closed;
    }

    /** Reopens a closed space as it was (activated or not); a space closed on a death stays closed. */
    public PatientSpace reopen(ActorKind actor, String actorId, String ins) {
        String key = normalise(ins);
        PatientSpace reopened = write(entityManager -> {
            JpaPatientSpace space = locked(entityManager, key)
                .orElseThrow(() -> refused(RegistryRefusal.Reason.NOT_FOUND, "unknown", "no space for this INS"));
            if (space.state() != SpaceState.CLOSED) {
                throw refused(RegistryRefusal.Reason.CONFLICT, "not_closed", "only a closed space can be reopened (it is " + space.state() + ")");
            }
            if (space.closeReason().filter(CloseReason.DEATH.name()::equals).isPresent()) {
                throw refused(RegistryRefusal.Reason.CONFLICT, "death", "a space closed on the holder's death is not reopened");
            }
            space.move(space.activated() ? SpaceState.ACTIVATED : SpaceState.OPENED, Optional.empty(), clock.instant());
            space.reopened();
            return space.toSpace();
        }, "space.reopening", key, actor, actorId);
        transition(actor, actorId, "space.reopening", key, reopened.state());
        return reopened;
    }

    /** The holder reopens the space they closed themselves (one an admin closed, or closed on a death, is not theirs to reopen). */
    public PatientSpace reopenByHolder(String ins) {
        String key = normalise(ins);
        PatientSpace space = find(key).orElseThrow(() -> refused(RegistryRefusal.Reason.NOT_FOUND, "unknown", "no space for this INS"));
        if (space.closeReason().filter(CloseReason.PATIENT.name()::equals).isEmpty()) {
            auditEvent(ActorKind.PATIENT, key, "space.reopening", key, Optional.of("not_closed_by_holder"));
            throw refused(RegistryRefusal.Reason.CONFLICT, "not_closed_by_holder", "only a space its holder closed is reopened by them");
        }
        return reopen(ActorKind.PATIENT, key, key);
    }

    /** The deletion of a closed space on request: it happens after the deletion notice period (sooner than the archive's end). */
    public PatientSpace requestDeletion(ActorKind actor, String actorId, String ins) {
        String key = normalise(ins);
        Instant now = clock.instant();
        PatientSpace requested = write(entityManager -> {
            JpaPatientSpace space = locked(entityManager, key)
                .orElseThrow(() -> refused(RegistryRefusal.Reason.NOT_FOUND, "unknown", "no space for this INS"));
            if (space.state() != SpaceState.CLOSED) {
                throw refused(RegistryRefusal.Reason.CONFLICT, "not_closed", "close the space before asking for its deletion");
            }
            Instant at = now.plus(settings.deletionNotice());
            if (space.dueAt().map(due -> due.isAfter(at)).orElse(true)) {
                space.move(SpaceState.CLOSED, Optional.of(at), now);
            }
            return space.toSpace();
        }, "space.deletion-request", key, actor, actorId);
        auditEvent(actor, actorId, "space.deletion-request", key, Optional.empty());
        return requested;
    }

    /**
     * The clock-driven transitions at {@code now}: spaces whose objection window is over open (an account with a
     * password nobody knows, the opening notice with the activation code); closed spaces due are deleted (mail and
     * account, the personal address forgotten; the INS and the state stay, so that mail gets "unknown patient").
     */
    public Run runOnce(Instant now) {
        int opened = 0;
        for (String ins : due(SpaceState.NOTIFIED, now)) {
            if (open(ins, now)) {
                opened++;
            }
        }
        int deleted = 0;
        for (String ins : due(SpaceState.CLOSED, now)) {
            if (delete(ins, now)) {
                deleted++;
            }
        }
        return new Run(opened, deleted);
    }

    /**
     * The letters a mailing house prints for patients notified by post and not exported yet: one line per letter
     * ({@code ins;letter;code;date}), an objection letter for a space being created, an activation letter for one just
     * opened, each with a new code (the one of an earlier export stops working).
     */
    public String postalExport(String admin) {
        Instant now = clock.instant();
        StringBuilder csv = new StringBuilder("ins;letter;code;date\n");
        int[] letters = {0};
        write(entityManager -> {
            List<JpaPatientSpace> pending = entityManager.createQuery(
                    "SELECT s FROM GatewayPatientSpace s WHERE s.postal = true AND (s.state = :notified OR s.state = :opened)"
                        + " AND (s.postalExportedAt IS NULL OR s.postalExportedAt < s.updatedAt) ORDER BY s.ins", JpaPatientSpace.class)
                .setParameter("notified", SpaceState.NOTIFIED.name())
                .setParameter("opened", SpaceState.OPENED.name())
                .setMaxResults(EnrolmentImport.MAX_ROWS)
                .getResultList();
            for (JpaPatientSpace space : pending) {
                PatientSpace view = space.toSpace();
                String code = SpaceCodes.newCode();
                boolean objection = view.state() == SpaceState.NOTIFIED;
                if (objection) {
                    space.objectionCode(SpaceCodes.digest(view.ins(), code));
                } else {
                    space.opened(SpaceCodes.digest(view.ins(), code));
                }
                space.postalExported(now.plusMillis(1));
                csv.append(view.ins()).append(';').append(objection ? "objection" : "activation").append(';').append(code).append(';')
                    .append(objection ? view.dueAt().map(Instant::toString).orElse("") : "").append('\n');
                letters[0]++;
            }
            return null;
        });
        auditAdmin(admin, "space.postal-export", List.of("letters:" + letters[0]), Optional.empty());
        return csv.toString();
    }

    private boolean open(String ins, Instant now) {
        String code = SpaceCodes.newCode();
        Optional<PatientSpace> opened = write(entityManager -> {
            Optional<JpaPatientSpace> space = locked(entityManager, ins);
            if (space.isEmpty() || space.get().state() != SpaceState.NOTIFIED || space.get().dueAt().map(due -> due.isAfter(now)).orElse(true)) {
                return Optional.<PatientSpace>empty();
            }
            createAccount(ins);
            space.get().move(SpaceState.OPENED, Optional.empty(), now);
            space.get().opened(SpaceCodes.digest(ins, code));
            return Optional.of(space.get().toSpace());
        });
        opened.flatMap(PatientSpace::personalEmail).ifPresent(email -> notices.openingNotice(email, code));
        opened.ifPresent(space -> transition(ActorKind.GATEWAY, "gateway", "space.opening", ins, SpaceState.OPENED));
        return opened.isPresent();
    }

    private boolean delete(String ins, Instant now) {
        boolean due = write(entityManager -> {
            Optional<JpaPatientSpace> space = locked(entityManager, ins);
            if (space.isEmpty() || space.get().state() != SpaceState.CLOSED || space.get().dueAt().map(at -> at.isAfter(now)).orElse(true)) {
                return false;
            }
            // The mail and the account go first: a failure leaves the space CLOSED, deleted again at the next run.
            deletion.delete(address(ins).asString());
            space.get().move(SpaceState.DELETED, Optional.empty(), now);
            return true;
        });
        if (due) {
            transition(ActorKind.GATEWAY, "gateway", "space.deletion", ins, SpaceState.DELETED);
        }
        return due;
    }

    private List<String> due(SpaceState state, Instant now) {
        return read(entityManager -> entityManager.createQuery(
                "SELECT s.ins FROM GatewayPatientSpace s WHERE s.dueAt <= :now AND s.state = :state ORDER BY s.dueAt", String.class)
            .setParameter("now", now.toEpochMilli())
            .setParameter("state", state.name())
            .setMaxResults(BATCH)
            .getResultList());
    }

    /** A space with no row (an account created by hand) gets one when an admin or its holder acts on it. */
    private JpaPatientSpace adopt(EntityManager entityManager, String ins, Instant now) {
        if (!hasAccount(ins)) {
            throw refused(RegistryRefusal.Reason.NOT_FOUND, "unknown", "no space for this INS");
        }
        JpaPatientSpace space = new JpaPatientSpace(ins, Optional.empty(), false, now, now);
        space.move(SpaceState.ACTIVATED, Optional.empty(), now);
        entityManager.persist(space);
        return space;
    }

    private boolean hasAccount(String ins) {
        try {
            return users.contains(Username.fromMailAddress(address(ins)));
        } catch (UsersRepositoryException e) {
            throw new IllegalStateException("The users repository could not be read", e);
        }
    }

    private void createAccount(String ins) {
        Username username = Username.fromMailAddress(address(ins));
        try {
            if (!users.contains(username)) {
                byte[] secret = new byte[32];
                RANDOM.nextBytes(secret);
                users.addUser(username, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
            }
        } catch (UsersRepositoryException e) {
            throw new IllegalStateException("The account of an opening space could not be created", e);
        }
    }

    private void setPassword(String ins, String password) {
        try {
            User user = users.getUserByName(Username.fromMailAddress(address(ins)));
            if (user == null) {
                throw new IllegalStateException("An opened space has no account");
            }
            user.setPassword(password);
            users.updateUser(user);
        } catch (UsersRepositoryException e) {
            throw new IllegalStateException("The password could not be set", e);
        }
    }

    /** The patient's address: the INS in the patient domain (the first in alphabetical order when there are several). */
    public MailAddress address(String ins) {
        Domain domain = patientDomains.domains().stream().min(java.util.Comparator.comparing(Domain::asString))
            .orElseThrow(() -> new IllegalStateException("patient.domains is empty: patient spaces need a patient domain"));
        try {
            return new MailAddress(ins, domain);
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalArgumentException("Not an INS", e);
        }
    }

    static String normalise(String ins) {
        String key = ins.strip().toUpperCase(Locale.ROOT);
        if (!MatriculeIns.isValid(key)) {
            throw new RegistryRefusal(RegistryRefusal.Reason.INVALID, "invalid_ins", "not a matricule INS (15 characters with a correct key)");
        }
        return key;
    }

    private static Optional<JpaPatientSpace> locked(EntityManager entityManager, String ins) {
        return entityManager.createQuery("SELECT s FROM GatewayPatientSpace s WHERE s.ins = :ins", JpaPatientSpace.class)
            .setParameter("ins", ins)
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getResultList().stream().findFirst();
    }

    private RegistryRefusal refused(RegistryRefusal.Reason reason, String code, String message) {
        return new RegistryRefusal(reason, code, message);
    }

    private void transition(ActorKind actor, String actorId, String action, String ins, SpaceState to) {
        auditEvent(actor, actorId, action, ins, Optional.empty());
        Counter.builder(METRIC)
            .description("Transitions of the patient spaces' lifecycle, by target state")
            .tag("to", to.name().toLowerCase(Locale.ROOT))
            .register(meters)
            .increment();
        LOGGER.info("Patient space {}: {}", action, to);
    }

    private void auditEvent(ActorKind actor, String actorId, String action, String ins, Optional<String> refusal) {
        auditLog.record(new AuditEvent(clock.instant(), actor, pseudonyms.of(actorId), action,
            List.of("space:" + pseudonyms.of(address(ins).asString())), refusal.isPresent() ? CommonOutcome.REFUSED : CommonOutcome.ACCEPTED,
            refusal));
    }

    private void auditAdmin(String admin, String action, List<String> objects, Optional<String> refusal) {
        auditLog.record(new AuditEvent(clock.instant(), ActorKind.ADMIN, pseudonyms.of(admin), action, objects,
            refusal.isPresent() ? CommonOutcome.REFUSED : CommonOutcome.ACCEPTED, refusal));
    }

    private <T> T read(Function<EntityManager, T> work) {
        return JpaTransactions.read(entityManagerFactory, work);
    }

    private <T> T write(Function<EntityManager, T> work) {
        return JpaTransactions.write(entityManagerFactory, work);
    }

    /** A change a patient or an admin asked for: a refusal is audited with its code before it reaches them. */
    private <T> T write(Function<EntityManager, T> work, String action, String ins, ActorKind actor, String actorId) {
        try {
            return write(work);
        } catch (RegistryRefusal refusal) {
            auditEvent(actor, actorId, action, ins, Optional.of(refusal.code()));
            throw refusal;
        }
    }
}
