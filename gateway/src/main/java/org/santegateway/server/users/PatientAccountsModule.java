package org.santegateway.server.users;

import javax.inject.Singleton;

import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.jpa.JPAUsersRepository;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.login.CertificateLogins;
import org.santegateway.login.MailboxActivity;
import org.santegateway.server.directory.DirectoryCacheSettings;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * Patient accounts only for a valid matricule INS: the users repository James's services see is
 * the database one behind {@link PatientAccountsUsersRepository}. This replaces a root binding of
 * the storage modules: install with {@code Modules.override} / {@code GuiceJamesServer.overrideWith}.
 */
public class PatientAccountsModule extends AbstractModule {
    @Provides
    @Singleton
    UsersRepository usersRepository(JPAUsersRepository database, PatientDomains patientDomains, DirectoryCacheSettings cacheSettings,
                                    MailboxActivity activity, CertificateLogins certificates) {
        return new PatientAccountsUsersRepository(database, patientDomains, cacheSettings, activity, certificates);
    }
}
