package org.santegateway.server.users;

import javax.inject.Singleton;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.jpa.JPAUsersRepository;
import org.apache.james.user.lib.model.Algorithm;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.delivery.InactiveMailboxes;
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
    /** James's default, when usersrepository.xml names none. */
    static final String DEFAULT_ALGORITHM = "PBKDF2-SHA512-210000-512";
    static final String DECOY_SALT = "decoy@unknown.invalid";

    @Provides
    @Singleton
    UsersRepository usersRepository(JPAUsersRepository database, PatientDomains patientDomains, DirectoryCacheSettings cacheSettings,
                                    MailboxActivity activity, CertificateLogins certificates, InactiveMailboxes inactive,
                                    ConfigurationProvider configuration)
        throws ConfigurationException {
        Algorithm algorithm = Algorithm.of(configuration.getConfiguration("usersrepository").getString("algorithm", DEFAULT_ALGORITHM));
        return new PatientAccountsUsersRepository(database, patientDomains, cacheSettings, activity, certificates, inactive,
            password -> algorithm.digest(password, DECOY_SALT));
    }
}
