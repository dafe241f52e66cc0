package org.santegateway.server.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.core.Username;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAMailboxMapper;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.openjpa.persistence.OpenJPAPersistence;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * James's JPA mailbox mapper whose lookup by id, made by every IMAP command on the selected mailbox, reads the
 * mailbox's row in plain SQL on the entity manager's connection: James runs a JPQL query and materialises the
 * entity for the same four columns, about 6 % of the gateway's CPU under imaptest. A row whose UID validity is
 * not valid (written by a very old James) goes through James's lookup, which repairs it.
 */
public class SqlMailboxMapper extends JPAMailboxMapper {
    private static final String BY_ID = "SELECT MAILBOX_NAMESPACE, USER_NAME, MAILBOX_NAME, MAILBOX_UID_VALIDITY"
        + " FROM JAMES_MAILBOX WHERE MAILBOX_ID = ?";

    public SqlMailboxMapper(EntityManagerFactory entityManagerFactory) {
        super(entityManagerFactory);
    }

    @Override
    public Mono<Mailbox> findMailboxById(MailboxId id) {
        return Mono.fromCallable(() -> read((JPAId) id))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap(found -> found.map(Mono::just).orElseGet(() -> super.findMailboxById(id)));
    }

    /** The mailbox, or empty when its UID validity needs James's repair; {@link MailboxNotFoundException} if none. */
    private Optional<Mailbox> read(JPAId id) throws MailboxException {
        try {
            Connection connection = (Connection) OpenJPAPersistence.cast(getEntityManager()).getConnection();
            try (connection; PreparedStatement statement = connection.prepareStatement(BY_ID)) {
                statement.setLong(1, id.getRawId());
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        throw new MailboxNotFoundException(id);
                    }
                    long uidValidity = row.getLong(4);
                    if (!UidValidity.isValid(uidValidity)) {
                        return Optional.empty();
                    }
                    MailboxPath path = new MailboxPath(row.getString(1), Username.of(row.getString(2)), row.getString(3));
                    return Optional.of(new Mailbox(path, UidValidity.of(uidValidity), id));
                }
            }
        } catch (SQLException | PersistenceException e) {
            throw new MailboxException("Search of mailbox " + id.serialize() + " failed", e);
        }
    }
}
