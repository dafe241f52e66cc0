package org.santegateway.server.persistence;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.persistence.EntityManagerFactory;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryFactory;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.jpa.JPAMailRepository;
import org.apache.mailet.Mail;

/**
 * A database mail repository that stores any mail, whatever its error message. James's column for
 * the error message holds 200 characters; a longer one (an exception's message, a stack of causes)
 * made the insert fail, and a mail that failed while being moved to {@code var/mail/error/} was
 * lost. The error message is cut to what the column holds; the mail is stored.
 */
public class BoundedErrorJpaMailRepository extends JPAMailRepository {
    static final int ERROR_MESSAGE_COLUMN = 200;

    public BoundedErrorJpaMailRepository(EntityManagerFactory entityManagerFactory, MailRepositoryUrl url) throws ConfigurationException {
        super(entityManagerFactory, url);
    }

    @Override
    public MailKey store(Mail mail) throws MessagingException {
        String errorMessage = mail.getErrorMessage();
        if (errorMessage == null || errorMessage.length() <= ERROR_MESSAGE_COLUMN) {
            return super.store(mail);
        }
        mail.setErrorMessage(errorMessage.substring(0, ERROR_MESSAGE_COLUMN - 1) + "\u2026");
        try {
            return super.store(mail);
        } finally {
            mail.setErrorMessage(errorMessage);
        }
    }

    /**
     * Creates the repositories of the {@code jpa} protocol. It answers for James's class name, the one
     * {@code mailrepositorystore.xml} names, so that existing configurations keep working.
     */
    public static class Factory implements MailRepositoryFactory {
        private final EntityManagerFactory entityManagerFactory;

        @Inject
        public Factory(EntityManagerFactory entityManagerFactory) {
            this.entityManagerFactory = entityManagerFactory;
        }

        @Override
        public Class<? extends MailRepository> mailRepositoryClass() {
            return JPAMailRepository.class;
        }

        @Override
        public MailRepository create(MailRepositoryUrl url) {
            try {
                return new BoundedErrorJpaMailRepository(entityManagerFactory, url);
            } catch (ConfigurationException e) {
                throw new IllegalStateException("Mail repository " + url.asString() + " could not be opened", e);
            }
        }
    }
}
