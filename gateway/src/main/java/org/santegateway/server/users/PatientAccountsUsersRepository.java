package org.santegateway.server.users;

import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.user.api.InvalidUsernameException;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.user.api.model.User;
import org.reactivestreams.Publisher;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.delivery.InactiveMailboxes;
import org.santegateway.ins.MatriculeIns;
import org.santegateway.login.CertificateLogins;
import org.santegateway.login.MailboxActivity;
import org.santegateway.server.directory.DirectoryCache;
import org.santegateway.server.directory.DirectoryCacheSettings;

import reactor.core.publisher.Mono;

/**
 * The users repository with the rule of patient accounts: an account of a patient domain
 * ({@code patient.domains}) is created only for a matricule INS with a correct key. Mail to any
 * other address of those domains is refused at RCPT, so such an account could never receive a
 * message; refusing it here covers every way in (James CLI {@code AddUser}, WebAdmin
 * {@code PUT /users/...}, the webmail's and tests' probes).
 *
 * <p>The refusal is an {@link InvalidUsernameException}: the CLI prints its message, WebAdmin answers
 * 400 with it in {@code details}. Accounts that exist already are left as they are; everything else
 * is the delegate's. Whether an account exists, asked for every recipient of every message, is
 * answered from a {@link DirectoryCache}.</p>
 *
 * <p>Every successful password check, whatever the path (IMAP LOGIN or AUTHENTICATE, SMTP AUTH, webmail), is told to
 * the {@link MailboxActivity} (the registry's inactivity rule counts from it). The password of an application mailbox
 * ({@link CertificateLogins#certificateOnly}) never opens it, nor that of a mailbox suspended or closed in the registry
 * ({@link InactiveMailboxes}). A password given for an address without account is
 * hashed all the same (the decoy), so that the answer takes as long as for an existing account.</p>
 */
public class PatientAccountsUsersRepository implements UsersRepository {
    private final UsersRepository delegate;
    private final MailboxActivity activity;
    private final CertificateLogins certificates;
    private final InactiveMailboxes inactive;
    private final Consumer<String> decoy;
    private final PatientDomains patientDomains;
    private final DirectoryCache<Username, Boolean> exists;

    public PatientAccountsUsersRepository(UsersRepository delegate, PatientDomains patientDomains, DirectoryCacheSettings cacheSettings) {
        this(delegate, patientDomains, cacheSettings, MailboxActivity.NONE, CertificateLogins.NONE, InactiveMailboxes.NONE, password -> { });
    }

    /**
     * @param decoy hashes a password as the check of an existing account does, its result thrown away (for unknown accounts)
     */
    public PatientAccountsUsersRepository(UsersRepository delegate, PatientDomains patientDomains, DirectoryCacheSettings cacheSettings,
                                          MailboxActivity activity, CertificateLogins certificates, InactiveMailboxes inactive,
                                          Consumer<String> decoy) {
        this.decoy = decoy;
        this.inactive = inactive;
        this.activity = activity;
        this.certificates = certificates;
        this.delegate = delegate;
        this.patientDomains = patientDomains;
        this.exists = new DirectoryCache<>(cacheSettings.maxAge());
    }

    @Override
    public void addUser(Username username, String password) throws UsersRepositoryException {
        Optional<Domain> domain = username.getDomainPart();
        if (domain.isPresent() && patientDomains.contains(domain.get()) && !MatriculeIns.isValid(username.getLocalPart())) {
            throw new InvalidUsernameException(username.asString() + " is not a patient address: in the patient domain "
                + domain.get().asString() + " the local part must be a matricule INS (" + MatriculeIns.LENGTH
                + " characters, 13 digits or 2A/2B for Corsica, then the 2-digit key)");
        }
        exists.change(() -> delegate.addUser(username, password));
    }

    @Override
    public User getUserByName(Username name) throws UsersRepositoryException {
        return delegate.getUserByName(name);
    }

    @Override
    public void updateUser(User user) throws UsersRepositoryException {
        exists.change(() -> delegate.updateUser(user));
    }

    @Override
    public void removeUser(Username name) throws UsersRepositoryException {
        exists.change(() -> delegate.removeUser(name));
    }

    @Override
    public boolean contains(Username name) throws UsersRepositoryException {
        return exists.get(name, delegate::contains);
    }

    @Override
    public Publisher<Boolean> containsReactive(Username name) {
        Optional<Boolean> cached = exists.peek(name);
        if (cached.isPresent()) {
            return Mono.just(cached.get());
        }
        long loadedIn = exists.generation();
        return Mono.from(delegate.containsReactive(name)).doOnNext(found -> exists.put(name, found, loadedIn));
    }

    @Override
    public boolean test(Username name, String password) throws UsersRepositoryException {
        if (certificates.certificateOnly(name.asString())) {
            // An application mailbox: its certificate is its only credential, whatever password an admin may have set.
            return false;
        }
        if (!contains(name)) {
            // As long as the check of an existing account: the time of the answer does not tell whether an address has one.
            decoy.accept(password);
            return false;
        }
        boolean authentic = delegate.test(name, password);
        if (authentic && inactive.isInactive(name.asString())) {
            // Suspended or closed in the registry (an account an operator cut off, say compromised): the right password
            // no longer opens it. Checked after the hash, so that the answer takes as long as for any other refusal.
            return false;
        }
        if (authentic) {
            activity.loggedIn(name.asString().toLowerCase(Locale.ROOT));
        }
        return authentic;
    }

    @Override
    public int countUsers() throws UsersRepositoryException {
        return delegate.countUsers();
    }

    @Override
    public Iterator<Username> list() throws UsersRepositoryException {
        return delegate.list();
    }

    @Override
    public Publisher<Username> listReactive() {
        return delegate.listReactive();
    }

    @Override
    public boolean supportVirtualHosting() throws UsersRepositoryException {
        return delegate.supportVirtualHosting();
    }

    @Override
    public Username getUsername(MailAddress mailAddress) throws UsersRepositoryException {
        return delegate.getUsername(mailAddress);
    }

    @Override
    public MailAddress getMailAddressFor(Username username) throws UsersRepositoryException {
        return delegate.getMailAddressFor(username);
    }

    @Override
    public boolean isAdministrator(Username username) throws UsersRepositoryException {
        return delegate.isAdministrator(username);
    }

    @Override
    public boolean isReadOnly() {
        return delegate.isReadOnly();
    }

    @Override
    public void assertValid(Username username) throws UsersRepositoryException {
        delegate.assertValid(username);
    }
}
