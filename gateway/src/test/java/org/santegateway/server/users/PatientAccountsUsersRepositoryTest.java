package org.santegateway.server.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.user.api.InvalidUsernameException;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.ins.MatriculeIns;
import org.santegateway.server.directory.DirectoryCacheSettings;

class PatientAccountsUsersRepositoryTest {
    static final Domain PATIENTS = Domain.of("patient.mssante.fr");
    static final Domain HOSPITAL = Domain.of("hopital-test.fr");
    static final String INS = "1850575123456" + MatriculeIns.keyOf("1850575123456");
    static final String CORSICA_INS = "185052A123456" + MatriculeIns.keyOf("185052A123456");

    MemoryUsersRepository database;
    PatientAccountsUsersRepository users;

    @BeforeEach
    void setUp() throws Exception {
        MemoryDomainList domains = new MemoryDomainList(null);
        domains.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false).build());
        domains.addDomain(PATIENTS);
        domains.addDomain(HOSPITAL);
        database = MemoryUsersRepository.withVirtualHosting(domains);
        users = new PatientAccountsUsersRepository(database, PatientDomains.of(PATIENTS), new DirectoryCacheSettings(DirectoryCacheSettings.DEFAULT_MAX_AGE),
            activity::add, new org.santegateway.login.CertificateLogins() {
                @Override
                public Result attempt(String protocol, java.util.List<java.security.cert.X509Certificate> chain, java.util.Optional<String> authzid,
                                      java.net.InetAddress client) {
                    return Result.of(Outcome.NOT_BOUND);
                }

                @Override
                public boolean stillAllowed(String mailbox, java.security.cert.X509Certificate certificate) {
                    return false;
                }

                @Override
                public boolean certificateOnly(String mailbox) {
                    return mailbox.startsWith("logiciel@");
                }
            }, address -> address.toLowerCase(java.util.Locale.ROOT).startsWith("dr.suspendu@"), decoys::add);
    }

    final java.util.List<String> activity = new java.util.ArrayList<>();
    final java.util.List<String> decoys = new java.util.ArrayList<>();

    @Test
    void aPasswordForAnAddressWithoutAccountShouldBeHashedAllTheSame() throws Exception {
        assertThat(users.test(Username.of("nobody@" + HOSPITAL.asString()), "guess")).isFalse();

        assertThat(decoys).containsExactly("guess");
        assertThat(activity).isEmpty();
    }

    @Test
    void theRightPasswordOfAnApplicationMailboxShouldNotOpenIt() throws Exception {
        users.addUser(Username.of("logiciel@" + HOSPITAL.asString()), "set by an admin");

        assertThat(users.test(Username.of("logiciel@" + HOSPITAL.asString()), "set by an admin")).isFalse();
        assertThat(activity).isEmpty();
    }

    @Test
    void aRightPasswordShouldCountAsUseOfTheMailboxAndAWrongOneNot() throws Exception {
        users.addUser(Username.of("Dr.Martin@" + HOSPITAL.asString()), "secret");

        assertThat(users.test(Username.of("Dr.Martin@" + HOSPITAL.asString()), "wrong")).isFalse();
        assertThat(activity).isEmpty();
        assertThat(users.test(Username.of("Dr.Martin@" + HOSPITAL.asString()), "secret")).isTrue();
        assertThat(activity).containsExactly("dr.martin@" + HOSPITAL.asString());
    }

    @Test
    void theRightPasswordOfASuspendedOrClosedMailboxShouldNotOpenIt() throws Exception {
        users.addUser(Username.of("Dr.Suspendu@" + HOSPITAL.asString()), "secret");

        assertThat(users.test(Username.of("Dr.Suspendu@" + HOSPITAL.asString()), "secret")).isFalse();
        assertThat(activity).isEmpty();
        assertThat(database.test(Username.of("Dr.Suspendu@" + HOSPITAL.asString()), "secret")).isTrue();
    }

    @Test
    void addUserShouldCreateAPatientAccountWhenTheLocalPartIsAValidIns() throws Exception {
        users.addUser(Username.fromLocalPartWithDomain(INS, PATIENTS), "secret");
        users.addUser(Username.fromLocalPartWithDomain(CORSICA_INS, PATIENTS), "secret");

        assertThat(database.countUsers()).isEqualTo(2);
    }

    @Test
    void addUserShouldRefuseAPatientAccountWhenTheInsKeyIsWrong() throws Exception {
        String wrongKey = INS.substring(0, 13) + (INS.endsWith("00") ? "01" : "00");
        Username username = Username.fromLocalPartWithDomain(wrongKey, PATIENTS);

        assertThatThrownBy(() -> users.addUser(username, "secret"))
            .isInstanceOf(InvalidUsernameException.class)
            .hasMessageContaining(username.asString() + " is not a patient address")
            .hasMessageContaining("matricule INS");
        assertThat(database.contains(username)).isFalse();
    }

    @Test
    void addUserShouldRefuseAPatientAccountWhenTheLocalPartIsAName() throws Exception {
        Username username = Username.fromLocalPartWithDomain("jean.dupont", PATIENTS);

        assertThatThrownBy(() -> users.addUser(username, "secret")).isInstanceOf(InvalidUsernameException.class);
        assertThat(database.countUsers()).isZero();
    }

    @Test
    void addUserShouldLeaveOtherDomainsAlone() throws Exception {
        users.addUser(Username.fromLocalPartWithDomain("dr.martin", HOSPITAL), "secret");

        assertThat(database.contains(Username.fromLocalPartWithDomain("dr.martin", HOSPITAL))).isTrue();
    }

    @Test
    void otherOperationsShouldReachTheDatabase() throws Exception {
        Username patient = Username.fromLocalPartWithDomain(INS, PATIENTS);
        users.addUser(patient, "secret");

        assertThat(users.test(patient, "secret")).isTrue();
        assertThat(users.contains(patient)).isTrue();
        users.removeUser(patient);
        assertThat(database.contains(patient)).isFalse();
    }
}
