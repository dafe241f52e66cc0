package org.santegateway.server.registry;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.server.registry.RegistryRefusal.Reason;

/**
 * What admins do with mailboxes: create one (its James user and its registry row together), change its details,
 * suspend, reactivate or close it; and the view of every mailbox.
 *
 * <p>James users created without the registry (the stock James CLI, WebAdmin {@code PUT /users}) are shown as
 * {@link MailboxKind#PER} mailboxes, {@code registered: false}, without holder, active: a <em>lazy view</em> computed
 * from the users repository, no row written. An admin registers such a user with the same {@code PUT} as a new
 * mailbox (its password is kept). Why lazy rather than a row on first sight: a read never writes (two nodes listing
 * at once cannot race), a user deleted with the CLI leaves no orphan row, and a row holds only what an admin stated
 * (the directory export must not publish a guessed holder: unregistered users are never exported). Users of the
 * patient domains are patients, not mailboxes: never shown.</p>
 *
 * <p>APP mailboxes get a James user whose password is 32 random bytes that are thrown away at once: nobody knows
 * it, so no password login can succeed; the application will sign in with its certificate.</p>
 */
public class MailboxRegistrations {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MailboxRegistry registry;
    private final UsersRepository users;
    private final PatientDomains patientDomains;
    private final Clock clock;

    @Inject
    public MailboxRegistrations(MailboxRegistry registry, UsersRepository users, PatientDomains patientDomains, Clock clock) {
        this.registry = registry;
        this.users = users;
        this.patientDomains = patientDomains;
        this.clock = clock;
    }

    /** Creates the mailbox, or registers the James user of that address that has no row yet. */
    public Mailbox create(NewMailbox request) {
        String address = normalise(request.address());
        Optional<Mailbox> existing = registry.find(address);
        if (existing.isPresent()) {
            throw existing.get().kind() != request.kind() ? kindImmutable(existing.get().kind())
                : new RegistryRefusal(Reason.CONFLICT, "already_registered", "The mailbox is already registered: change it with PATCH");
        }
        checkPassword(request);
        if (request.details().holder().isEmpty()) {
            throw new RegistryRefusal(Reason.INVALID, "holder_missing", "holder is required");
        }
        Instant now = clock.instant();
        Mailbox mailbox = new Mailbox(address, request.kind(), request.details(), MailboxState.ACTIVE, now, Optional.empty(), now, true, false);
        boolean userExists = userExists(address);
        if (userExists && request.kind() == MailboxKind.APP) {
            throw new RegistryRefusal(Reason.CONFLICT, "app_over_password_user",
                "A James user with a password already has this address: an APP mailbox cannot take it over (remove the user first)");
        }
        if (!registry.add(mailbox)) {
            throw new RegistryRefusal(Reason.CONFLICT, "already_registered", "The mailbox is already registered: change it with PATCH");
        }
        if (!userExists) {
            try {
                users.addUser(Username.of(address), request.password().orElseGet(MailboxRegistrations::unknownPassword));
            } catch (UsersRepositoryException | RuntimeException e) {
                registry.remove(address);
                throw new RegistryRefusal(Reason.INVALID, "user_refused", "The James user cannot be created: " + e.getMessage());
            }
        }
        return registry.find(address).orElse(mailbox);
    }

    public Optional<Mailbox> find(String address) {
        String normalised = normalise(address);
        Optional<Mailbox> registered = registry.find(normalised);
        if (registered.isPresent() || !userExists(normalised) || isPatient(normalised)) {
            return registered;
        }
        return Optional.of(unregistered(normalised));
    }

    /** The registered mailboxes and, as PER, the James users without a row; by address. */
    public List<Mailbox> list(Optional<MailboxKind> kind, Optional<MailboxState> state) {
        Map<String, Mailbox> all = registry.list(Optional.empty(), Optional.empty()).stream()
            .collect(Collectors.toMap(Mailbox::address, Function.identity()));
        for (String address : userAddresses()) {
            if (!all.containsKey(address) && !isPatient(address)) {
                all.put(address, unregistered(address));
            }
        }
        return all.values().stream()
            .filter(mailbox -> kind.map(wanted -> mailbox.kind() == wanted).orElse(true))
            .filter(mailbox -> state.map(wanted -> mailbox.state() == wanted).orElse(true))
            .sorted(Comparator.comparing(Mailbox::address))
            .toList();
    }

    /** Applies the changes of a PATCH to a registered mailbox. */
    public Mailbox update(String address, Function<MailboxDetails, MailboxDetails> changes) {
        Mailbox mailbox = registered(address);
        MailboxDetails details;
        try {
            details = changes.apply(mailbox.details());
        } catch (IllegalArgumentException e) {
            throw new RegistryRefusal(Reason.INVALID, "invalid_field", e.getMessage());
        }
        Instant now = clock.instant();
        registry.update(mailbox.address(), details, now);
        return registered(address);
    }

    public Mailbox changeState(String address, MailboxState target) {
        Mailbox mailbox = registered(address);
        if (!mailbox.state().mayBecome(target)) {
            throw new RegistryRefusal(Reason.CONFLICT, "closed_is_final", "A closed mailbox stays closed");
        }
        registry.changeState(mailbox.address(), target, clock.instant());
        return registered(address);
    }

    /** The registered mailbox, or a refusal saying it is not (404), or only a James user (409). */
    public Mailbox registered(String address) {
        String normalised = normalise(address);
        return registry.find(normalised).orElseThrow(() -> userExists(normalised) && !isPatient(normalised)
            ? new RegistryRefusal(Reason.CONFLICT, "not_registered", "This James user is not registered yet: register it with PUT first")
            : new RegistryRefusal(Reason.NOT_FOUND, "unknown", "No such mailbox"));
    }

    public static RegistryRefusal kindImmutable(MailboxKind kind) {
        return new RegistryRefusal(Reason.CONFLICT, "kind_immutable", "The kind of a mailbox never changes (this one is " + kind
            + "): close it and create another address");
    }

    /** The address in lower case, or a refusal when it is not one (or is a patient's). */
    public String normalise(String raw) {
        MailAddress address;
        try {
            address = new MailAddress(raw == null ? "" : raw.trim());
        } catch (Exception e) {
            throw new RegistryRefusal(Reason.INVALID, "invalid_address", "Not a valid mail address");
        }
        String normalised = address.asString().toLowerCase(Locale.ROOT);
        if (patientDomains.contains(address.getDomain())) {
            throw new RegistryRefusal(Reason.INVALID, "patient_address", "Patient addresses are not mailboxes of the registry");
        }
        return normalised;
    }

    private void checkPassword(NewMailbox request) {
        boolean hasPassword = request.password().filter(password -> !password.isEmpty()).isPresent();
        if (request.kind() == MailboxKind.APP && hasPassword) {
            throw new RegistryRefusal(Reason.INVALID, "app_password", "An APP mailbox has no password: applications sign in with their certificate");
        }
        if (request.kind() != MailboxKind.APP && !hasPassword && !userExists(normalise(request.address()))) {
            throw new RegistryRefusal(Reason.INVALID, "password_missing", "password is required for a " + request.kind() + " mailbox");
        }
    }

    private Mailbox unregistered(String address) {
        MailboxDetails details = new MailboxDetails(Optional.empty(), address, Optional.empty(), Optional.empty(), false, 1,
            Optional.empty(), Optional.empty(), Optional.empty());
        return new Mailbox(address, MailboxKind.PER, details, MailboxState.ACTIVE, Instant.EPOCH, Optional.empty(), Instant.EPOCH, false, false);
    }

    private boolean isPatient(String address) {
        return patientDomains.contains(Domain.of(address.substring(address.lastIndexOf('@') + 1)));
    }

    private boolean userExists(String address) {
        try {
            return users.contains(Username.of(address));
        } catch (UsersRepositoryException e) {
            throw new IllegalStateException("the users repository cannot be read", e);
        }
    }

    private List<String> userAddresses() {
        List<String> addresses = new ArrayList<>();
        try {
            Iterator<Username> iterator = users.list();
            while (iterator.hasNext()) {
                String name = iterator.next().asString().toLowerCase(Locale.ROOT);
                if (name.contains("@")) {
                    addresses.add(name);
                }
            }
        } catch (UsersRepositoryException e) {
            throw new IllegalStateException("the users repository cannot be read", e);
        }
        return addresses;
    }

    private static String unknownPassword() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }
}
