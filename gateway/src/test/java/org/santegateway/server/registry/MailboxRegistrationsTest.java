package org.santegateway.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.audit.AuditEvent;
import org.santegateway.login.CertificateLogins;
import org.santegateway.pki.RevocationPolicy;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority.Purpose;
import org.santegateway.server.pki.dev.IssuedCertificate;
import org.santegateway.trust.OperatorCertificateRevocation;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.server.persistence.DatabaseConfiguration;
import org.santegateway.server.persistence.ManagedEntityManagerFactory;
import org.santegateway.server.persistence.StorageDirectories;
import org.santegateway.server.registry.RegistryRefusal.Reason;
import org.santegateway.server.settings.GatewayProperties;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The registry and its James users, on embedded Derby; {@link MailboxRegistrationsOnPostgresqlTest} runs the same
 * tests on PostgreSQL. Each test uses addresses of its own (the database is shared by the class).
 */
class MailboxRegistrationsTest {
    static final Domain HOSPITAL = Domain.of("hopital-test.fr");
    static final Domain PATIENTS = Domain.of("patient.mssante.fr");
    static final String RPPS_ID = "810003456789";
    static final String FINESS = "754567860";

    @TempDir
    static Path var;
    static ManagedEntityManagerFactory database;
    static JpaMailboxRegistry registry;

    final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
    MemoryUsersRepository users;
    MailboxRegistrations registrations;

    /** On embedded Derby; {@link MailboxRegistrationsOnPostgresqlTest} hides this to run on PostgreSQL. */
    @BeforeAll
    static void open() {
        openRegistry(DatabaseConfiguration.embeddedDerby(new StorageDirectories(var)));
    }

    static void openRegistry(DatabaseConfiguration configuration) {
        database = new ManagedEntityManagerFactory(configuration);
        registry = new JpaMailboxRegistry(database.entityManagerFactory());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        MemoryDomainList domains = new MemoryDomainList(null);
        domains.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false).build());
        domains.addDomain(HOSPITAL);
        domains.addDomain(PATIENTS);
        users = MemoryUsersRepository.withVirtualHosting(domains);
        registrations = new MailboxRegistrations(registry, users, PatientDomains.of(PATIENTS), clock);
    }

    static String address(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + HOSPITAL.asString();
    }

    static MailboxDetails details(MailboxKind kind, String holder, boolean listeRouge) {
        return new MailboxDetails(Optional.of(HolderId.parse(kind, holder)), "Dr Martin", Optional.of("10"), Optional.of("SM54"),
            listeRouge, 1, Optional.empty(), Optional.empty(), Optional.empty());
    }

    Mailbox createPer(String address) {
        return registrations.create(new NewMailbox(address, MailboxKind.PER, details(MailboxKind.PER, RPPS_ID, false), Optional.of("a long password")));
    }

    @Nested
    class Creation {
        @Test
        void createShouldStoreTheRowAndCreateTheJamesUserWithItsPassword() throws Exception {
            String address = address("dr.martin");

            Mailbox created = createPer(address);

            assertThat(created.state()).isEqualTo(MailboxState.ACTIVE);
            assertThat(registry.find(address)).contains(created);
            assertThat(users.test(Username.of(address), "a long password")).isTrue();
        }

        @Test
        void createShouldKeepTheAddressInLowerCase() {
            String address = address("Dr.Durand");

            Mailbox created = createPer(address);

            assertThat(created.address()).isEqualTo(address.toLowerCase());
            assertThat(registrations.find(address.toUpperCase())).contains(created);
        }

        @Test
        void anAppMailboxShouldGetAUserNoPasswordOpens() throws Exception {
            String address = address("lgc");

            registrations.create(new NewMailbox(address, MailboxKind.APP, details(MailboxKind.APP, FINESS, false), Optional.empty()));

            assertThat(users.contains(Username.of(address))).isTrue();
            assertThat(users.test(Username.of(address), "")).isFalse();
        }

        @Test
        void anAppMailboxShouldRefuseAPassword() {
            assertRefused(() -> registrations.create(new NewMailbox(address("lgc"), MailboxKind.APP, details(MailboxKind.APP, FINESS, false),
                Optional.of("secret"))), Reason.INVALID, "app_password");
        }

        @Test
        void aPerMailboxShouldNeedAPassword() {
            assertRefused(() -> registrations.create(new NewMailbox(address("dr"), MailboxKind.PER, details(MailboxKind.PER, RPPS_ID, false),
                Optional.empty())), Reason.INVALID, "password_missing");
        }

        @Test
        void aSecondCreationOfTheSameKindShouldBeAConflict() {
            String address = address("dr.martin");
            createPer(address);

            assertRefused(() -> createPer(address), Reason.CONFLICT, "already_registered");
        }

        @Test
        void aCreationOfAnotherKindShouldBeRefusedAsKindImmutable() {
            String address = address("secretariat");
            createPer(address);

            assertRefused(() -> registrations.create(new NewMailbox(address, MailboxKind.ORG, details(MailboxKind.ORG, FINESS, false),
                Optional.of("secret"))), Reason.CONFLICT, "kind_immutable");
        }

        @Test
        void aPatientAddressShouldNotBeAMailbox() {
            assertRefused(() -> registrations.create(new NewMailbox("185057512345678@" + PATIENTS.asString(), MailboxKind.PER,
                details(MailboxKind.PER, RPPS_ID, false), Optional.of("secret"))), Reason.INVALID, "patient_address");
        }

        @Test
        void aUserRefusedByJamesShouldLeaveNoRow() {
            String address = "dr.nobody@unknown-domain.test";

            assertRefused(() -> createPer(address), Reason.INVALID, "user_refused");
            assertThat(registry.find(address)).isEmpty();
        }
    }

    @Nested
    class JamesUsersWithoutRow {
        @Test
        void aUserCreatedWithoutTheRegistryShouldBeSeenAsAnUnregisteredPer() throws Exception {
            String address = address("cli.user");
            users.addUser(Username.of(address), "cli password");

            Mailbox seen = registrations.find(address).orElseThrow();

            assertThat(seen.kind()).isEqualTo(MailboxKind.PER);
            assertThat(seen.registered()).isFalse();
            assertThat(seen.details().holder()).isEmpty();
            assertThat(registrations.list(Optional.of(MailboxKind.PER), Optional.empty())).contains(seen);
            assertThat(registry.find(address)).isEmpty();
        }

        @Test
        void registeringItShouldKeepItsPassword() throws Exception {
            String address = address("cli.user");
            users.addUser(Username.of(address), "cli password");

            registrations.create(new NewMailbox(address, MailboxKind.ORG, details(MailboxKind.ORG, FINESS, false), Optional.empty()));

            assertThat(registrations.find(address).orElseThrow().registered()).isTrue();
            assertThat(users.test(Username.of(address), "cli password")).isTrue();
        }

        @Test
        void itShouldNotBecomeAnAppMailbox() throws Exception {
            String address = address("cli.user");
            users.addUser(Username.of(address), "cli password");

            assertRefused(() -> registrations.create(new NewMailbox(address, MailboxKind.APP, details(MailboxKind.APP, FINESS, false),
                Optional.empty())), Reason.CONFLICT, "app_over_password_user");
        }

        @Test
        void patientsShouldNotBeListed() throws Exception {
            String patient = "185057512345678@" + PATIENTS.asString();
            users.addUser(Username.of(patient), "secret");

            assertThat(registrations.list(Optional.empty(), Optional.empty())).extracting(Mailbox::address).doesNotContain(patient);
        }
    }

    @Nested
    class Changes {
        @Test
        void updateShouldChangeTheDetailsAndTheModificationTime() {
            String address = address("dr.martin");
            createPer(address);
            clock.advance(Duration.ofHours(1));

            Mailbox updated = registrations.update(address, details -> new MailboxDetails(details.holder(), "Dr Sophie Martin",
                details.profession(), details.speciality(), true, 2, details.description(), details.service(), details.contact()));

            assertThat(updated.details().displayName()).isEqualTo("Dr Sophie Martin");
            assertThat(updated.details().listeRouge()).isTrue();
            assertThat(updated.details().rank()).isEqualTo(2);
            assertThat(updated.modifiedAt()).isEqualTo(clock.instant());
            assertThat(updated.createdAt()).isBefore(updated.modifiedAt());
        }

        @Test
        void suspensionShouldBeStoredAndReversible() {
            String address = address("dr.martin");
            createPer(address);

            assertThat(registrations.changeState(address, MailboxState.SUSPENDED).state()).isEqualTo(MailboxState.SUSPENDED);
            assertThat(registrations.list(Optional.empty(), Optional.of(MailboxState.SUSPENDED))).extracting(Mailbox::address).contains(address);
            assertThat(registrations.changeState(address, MailboxState.ACTIVE).state()).isEqualTo(MailboxState.ACTIVE);
        }

        @Test
        void aClosedMailboxShouldStayClosed() {
            String address = address("dr.martin");
            createPer(address);
            registrations.changeState(address, MailboxState.CLOSED);

            assertRefused(() -> registrations.changeState(address, MailboxState.ACTIVE), Reason.CONFLICT, "closed_is_final");
        }

        @Test
        void changingAnUnknownMailboxShouldBeNotFound() {
            assertRefused(() -> registrations.changeState(address("nobody"), MailboxState.SUSPENDED), Reason.NOT_FOUND, "unknown");
        }

        @Test
        void aMailboxShouldBeRememberedAsEverPublishableOnceActiveOutOfTheListeRouge() {
            String address = address("dr.discret");
            Mailbox created = registrations.create(new NewMailbox(address, MailboxKind.PER, details(MailboxKind.PER, RPPS_ID, true),
                Optional.of("a long password")));
            assertThat(created.everPublishable()).isFalse();

            registrations.update(address, details -> new MailboxDetails(details.holder(), details.displayName(), details.profession(),
                details.speciality(), false, 1, details.description(), details.service(), details.contact()));
            Mailbox backOnTheListeRouge = registrations.update(address, details -> new MailboxDetails(details.holder(), details.displayName(),
                details.profession(), details.speciality(), true, 1, details.description(), details.service(), details.contact()));

            assertThat(backOnTheListeRouge.everPublishable()).isTrue();
            assertThat(backOnTheListeRouge.publishable()).isFalse();
        }

        @Test
        void aLoginShouldBeRecordedWithoutCountingAsAChange() {
            String address = address("dr.martin");
            Mailbox created = createPer(address);
            clock.advance(Duration.ofDays(3));

            assertThat(registry.recordLogin(address, clock.instant())).isTrue();

            Mailbox seen = registrations.find(address).orElseThrow();
            assertThat(seen.lastLoginAt()).contains(clock.instant());
            assertThat(seen.modifiedAt()).isEqualTo(created.modifiedAt());
            assertThat(registry.recordLogin(address("unregistered"), clock.instant())).isFalse();
        }

        @Test
        void changedSinceShouldReturnOnlyTheMailboxesChangedSinceThen() {
            String before = address("before");
            createPer(before);
            clock.advance(Duration.ofDays(1));
            Instant since = clock.instant();
            String after = address("after");
            createPer(after);

            assertThat(registry.changedSince(since)).extracting(Mailbox::address).contains(after).doesNotContain(before);
        }

        @Test
        void listShouldFilterByKind() {
            String org = address("accueil");
            registrations.create(new NewMailbox(org, MailboxKind.ORG, details(MailboxKind.ORG, FINESS, false), Optional.of("secret")));
            String per = address("dr");
            createPer(per);

            assertThat(registrations.list(Optional.of(MailboxKind.ORG), Optional.empty())).extracting(Mailbox::address)
                .contains(org).doesNotContain(per);
        }
    }

    /**
     * The inactivity rule with a test clock. The database is shared by the class: a run also notices and closes
     * other tests' idle rows, so assertions are about this test's own addresses.
     */
    @Nested
    class Inactivity {
        final InactivitySettings settings = new InactivitySettings(true, Duration.ofDays(335), Duration.ofDays(365), Duration.ofHours(6));
        final List<String> noticed = new CopyOnWriteArrayList<>();
        final List<String> deleted = new CopyOnWriteArrayList<>();
        final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();

        InactivityJob job() {
            InactivityNotices notices = new InactivityNotices(null, null) {
                @Override
                public void send(String address, Instant closure) {
                    noticed.add(address);
                }
            };
            MailboxDeletion deletion = new MailboxDeletion(null, null) {
                @Override
                public void delete(String address) {
                    deleted.add(address);
                }
            };
            return new InactivityJob(registry, settings, notices, deletion, audit::add, identifier -> "pseudo-" + identifier, clock, meters);
        }

        @Test
        void aMailboxNeverUsedShouldBeNoticedAtElevenMonthsThenClosedAndDeletedAtOneYear() {
            String address = address("idle");
            createPer(address);
            InactivityJob job = job();

            clock.advance(Duration.ofDays(334));
            job.runOnce();
            assertThat(noticed).doesNotContain(address);

            clock.advance(Duration.ofDays(2));
            job.runOnce();
            job.runOnce();
            assertThat(noticed).containsOnlyOnce(address);
            assertThat(registrations.find(address).orElseThrow().state()).isEqualTo(MailboxState.ACTIVE);

            clock.advance(Duration.ofDays(28));
            job.runOnce();
            assertThat(deleted).doesNotContain(address);

            clock.advance(Duration.ofDays(2));
            job.runOnce();
            assertThat(deleted).containsOnlyOnce(address);
            assertThat(registrations.find(address).orElseThrow().state()).isEqualTo(MailboxState.CLOSED);
            assertThat(audit).filteredOn(event -> event.objectIds().contains("mailbox:pseudo-" + address))
                .extracting(AuditEvent::action).containsExactly("registry.inactivity.notice", "registry.inactivity.closure");
            assertThat(meters.counter("gateway.registry.inactivity", "step", "closure").count()).isPositive();
        }

        @Test
        void aLoginAfterTheNoticeShouldKeepTheMailboxAndStartTheCountAgain() {
            String address = address("back");
            createPer(address);
            InactivityJob job = job();
            clock.advance(Duration.ofDays(336));
            job.runOnce();
            assertThat(noticed).containsOnlyOnce(address);

            clock.advance(Duration.ofDays(4));
            assertThat(registry.recordLogin(address, clock.instant())).isTrue();
            clock.advance(Duration.ofDays(30));
            job.runOnce();

            assertThat(deleted).doesNotContain(address);
            assertThat(registrations.find(address).orElseThrow().state()).isEqualTo(MailboxState.ACTIVE);
            clock.advance(Duration.ofDays(306));
            job.runOnce();
            assertThat(noticed).containsExactly(address, address);
        }

        @Test
        void aMailboxNoticedLateShouldStillHaveTheWholeNoticePeriod() {
            String address = address("late");
            createPer(address);
            InactivityJob job = job();
            clock.advance(Duration.ofDays(800));

            job.runOnce();
            job.runOnce();
            assertThat(noticed).containsOnlyOnce(address);
            assertThat(deleted).doesNotContain(address);

            clock.advance(Duration.ofDays(30));
            job.runOnce();
            assertThat(deleted).containsOnlyOnce(address);
        }

        @Test
        void twoNodesRunningTheRuleShouldNoticeAndCloseEachMailboxOnce() {
            String address = address("twice");
            createPer(address);
            InactivityJob first = job();
            InactivityJob second = job();
            clock.advance(Duration.ofDays(336));

            first.runOnce();
            second.runOnce();
            clock.advance(Duration.ofDays(30));
            second.runOnce();
            first.runOnce();

            assertThat(noticed).containsOnlyOnce(address);
            assertThat(deleted).containsOnlyOnce(address);
        }

        @Test
        void aSuspendedMailboxShouldBeCountedIdleTooButAClosedOneNever() {
            String suspended = address("suspended");
            String closed = address("closed");
            createPer(suspended);
            createPer(closed);
            registrations.changeState(suspended, MailboxState.SUSPENDED);
            registrations.changeState(closed, MailboxState.CLOSED);
            clock.advance(Duration.ofDays(336));

            job().runOnce();

            assertThat(noticed).contains(suspended).doesNotContain(closed);
        }

        @Test
        void loginsWithinAMinuteShouldBeRecordedOnce() {
            String address = address("busy");
            createPer(address);

            assertThat(registry.recordLogin(address, clock.instant())).isTrue();
            assertThat(registry.recordLogin(address, clock.instant().plusSeconds(30))).isFalse();
            assertThat(registry.recordLogin(address, clock.instant().plusSeconds(61))).isTrue();
        }

        @Test
        void settingsShouldRefuseAClosureBeforeTheNotice() {
            assertThatThrownBy(() -> InactivitySettings.from(GatewayProperties.of(Map.of(
                InactivitySettings.NOTICE, "30d", InactivitySettings.CLOSURE, "30d"))))
                .hasMessageContaining(InactivitySettings.CLOSURE);
            assertThat(InactivitySettings.from(GatewayProperties.of(Map.of())))
                .isEqualTo(new InactivitySettings(true, Duration.ofDays(335), Duration.ofDays(365), Duration.ofHours(6)));
        }
    }

    /** The catalogue of applications and the certificate logins it allows, on this class's database. */
    @Nested
    class Applications {
        final DevelopmentCertificateAuthority ca = DevelopmentCertificateAuthority.create(Clock.systemUTC());
        final JpaApplications store = new JpaApplications(database.entityManagerFactory());
        final ApplicationCatalogue catalogue = new ApplicationCatalogue(store, registry, clock);
        final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
        final List<String> activity = new CopyOnWriteArrayList<>();
        final RegistryCertificateLogins logins = new RegistryCertificateLogins(store, registry,
            new OperatorCertificateRevocation(RevocationPolicy.NONE, List.of(ca.certificate()), List.of(), List::of, clock),
            activity::add, audit::add, identifier -> "pseudo-" + identifier, clock, new SimpleMeterRegistry());
        final String id = "app-" + UUID.randomUUID().toString().substring(0, 8);

        String appMailbox() {
            String address = address("lgc");
            registrations.create(new NewMailbox(address, MailboxKind.APP, details(MailboxKind.APP, FINESS, false), Optional.empty()));
            return address;
        }

        IssuedCertificate certificate(String subject) {
            return ca.issueEndEntity(subject, List.of(), List.of(), Duration.ofDays(1), EnumSet.of(Purpose.TLS_CLIENT));
        }

        @Test
        void aCertificateBoundByItsNamesShouldOpenItsMailboxWhileTheApplicationIsReferenced() {
            catalogue.create(id, new ApplicationCatalogue.Details("Editeur", "LGC", "4.2", "ANS-1"));
            String mailbox = appMailbox();
            String subject = "CN=LGC " + id + ", O=CH Exemple, C=FR";
            catalogue.bind(mailbox, id, Optional.empty(), Optional.of(subject), Optional.of(ca.certificate().getSubjectX500Principal().getName()));
            IssuedCertificate first = certificate(subject);
            IssuedCertificate renewed = certificate(subject);

            assertThat(logins.attempt("imap", first.chain(), Optional.empty(), java.net.InetAddress.getLoopbackAddress()))
                .isEqualTo(CertificateLogins.Result.success(mailbox));
            assertThat(logins.attempt("smtp", renewed.chain(), Optional.of(mailbox.toUpperCase()), java.net.InetAddress.getLoopbackAddress()).outcome())
                .isEqualTo(CertificateLogins.Outcome.SUCCESS);
            assertThat(activity).contains(mailbox);
            assertThat(logins.certificateOnly(mailbox)).isTrue();

            catalogue.changeState(id, ApplicationState.SUSPENDED);
            assertThat(logins.stillAllowed(mailbox, first.certificate())).isFalse();
            assertThat(logins.attempt("imap", first.chain(), Optional.empty(), java.net.InetAddress.getLoopbackAddress()).outcome())
                .isEqualTo(CertificateLogins.Outcome.APPLICATION_NOT_REFERENCED);
            catalogue.changeState(id, ApplicationState.REFERENCED);
            assertThat(logins.stillAllowed(mailbox, first.certificate())).isTrue();
            registrations.changeState(mailbox, MailboxState.SUSPENDED);
            assertThat(logins.stillAllowed(mailbox, first.certificate())).isFalse();
        }

        @Test
        void aPinnedCertificateShouldOpenItsMailboxButNotItsRenewalNorAnotherMailbox() throws Exception {
            catalogue.create(id, new ApplicationCatalogue.Details("Editeur", "Labo", "1", "ANS-2"));
            String mailbox = appMailbox();
            String other = appMailbox();
            IssuedCertificate pinned = certificate("CN=Labo " + id + ", C=FR");
            java.io.StringWriter pem = new java.io.StringWriter();
            try (org.bouncycastle.openssl.jcajce.JcaPEMWriter writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(pem)) {
                writer.writeObject(pinned.certificate());
            }
            ApplicationCertificate binding = catalogue.bind(mailbox, id, Optional.of(pem.toString()), Optional.empty(), Optional.empty());

            assertThat(binding.sha256()).isPresent();
            assertThat(logins.attempt("imap", pinned.chain(), Optional.empty(), java.net.InetAddress.getLoopbackAddress()).mailbox()).contains(mailbox);
            assertThat(logins.attempt("imap", certificate("CN=Labo " + id + ", C=FR").chain(), Optional.empty(),
                java.net.InetAddress.getLoopbackAddress()).outcome()).isEqualTo(CertificateLogins.Outcome.NOT_BOUND);
            assertThat(logins.attempt("imap", pinned.chain(), Optional.of(other), java.net.InetAddress.getLoopbackAddress()).outcome())
                .isEqualTo(CertificateLogins.Outcome.NOT_BOUND);
            assertThat(logins.attempt("imap", List.of(), Optional.empty(), java.net.InetAddress.getLoopbackAddress()).outcome())
                .isEqualTo(CertificateLogins.Outcome.NO_CERTIFICATE);
            assertThat(audit).extracting(AuditEvent::action).contains("imap.auth.certificate");

            catalogue.unbind(mailbox, binding.id());
            assertThat(logins.attempt("imap", pinned.chain(), Optional.empty(), java.net.InetAddress.getLoopbackAddress()).outcome())
                .isEqualTo(CertificateLogins.Outcome.NOT_BOUND);
        }

        @Test
        void theCatalogueShouldRefuseDuplicatesWithdrawnReuseAndOtherKinds() {
            catalogue.create(id, new ApplicationCatalogue.Details("Editeur", "LGC", "4.2", "ANS-1"));
            assertRefused(() -> catalogue.create(id, new ApplicationCatalogue.Details("E", "P", "1", "C")), Reason.CONFLICT, "application_exists");
            assertRefused(() -> catalogue.create("Not An Id", new ApplicationCatalogue.Details("E", "P", "1", "C")), Reason.INVALID, "invalid_id");
            String per = address("dr");
            createPer(per);
            assertRefused(() -> catalogue.bind(per, id, Optional.empty(), Optional.of("CN=X"), Optional.of("CN=Y")), Reason.CONFLICT,
                "not_application_mailbox");
            String mailbox = appMailbox();
            assertRefused(() -> catalogue.bind(mailbox, id, Optional.empty(), Optional.of("not a DN"), Optional.of("CN=Y")), Reason.INVALID, "invalid_dn");
            assertRefused(() -> catalogue.bind(mailbox, "missing", Optional.empty(), Optional.of("CN=X"), Optional.of("CN=Y")), Reason.NOT_FOUND,
                "unknown_application");
            catalogue.changeState(id, ApplicationState.WITHDRAWN);
            assertRefused(() -> catalogue.changeState(id, ApplicationState.REFERENCED), Reason.CONFLICT, "withdrawn_is_final");
            assertRefused(() -> catalogue.bind(mailbox, id, Optional.empty(), Optional.of("CN=X"), Optional.of("CN=Y")), Reason.CONFLICT, "withdrawn");
            assertThatThrownBy(() -> new ApplicationCatalogue.Details("", "P", "1", "C")).hasMessageContaining("editor is required");
        }
    }

    static void assertRefused(Runnable change, Reason reason, String code) {
        assertThatThrownBy(change::run).isInstanceOfSatisfying(RegistryRefusal.class, refusal -> {
            assertThat(refusal.reason()).isEqualTo(reason);
            assertThat(refusal.code()).isEqualTo(code);
        });
    }

    /** A clock the tests move forward. */
    static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
