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
import org.apache.james.mailbox.exception.MailboxExistsException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAMailboxMapper;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.openjpa.persistence.OpenJPAPersistence;

import reactor.core.publisher.Mono;

/**
 * James's JPA mailbox mapper whose lookups by id (every IMAP command on the selected mailbox) and by path (every
 * delivery, SELECT, STATUS, APPEND) read the mailbox's row in plain SQL on the entity manager's connection, the
 * lookup by path on the (user, name, namespace) index ({@link MailboxIndexes}): James runs a JPQL query and
 * materialises the entity for the same few columns, about 6 % of the gateway's CPU under imaptest for the lookup by
 * id alone. A row whose UID validity is not valid (written by a very old James) goes through James's lookup, which
 * repairs it.
 */
public class SqlMailboxMapper extends JPAMailboxMapper {
    private static final String BY_ID = "SELECT MAILBOX_NAMESPACE, USER_NAME, MAILBOX_NAME, MAILBOX_UID_VALIDITY"
        + " FROM JAMES_MAILBOX WHERE MAILBOX_ID = ?";
    private static final String BY_PATH = "SELECT MAILBOX_ID, MAILBOX_UID_VALIDITY FROM JAMES_MAILBOX"
        + " WHERE USER_NAME = ? AND MAILBOX_NAME = ? AND MAILBOX_NAMESPACE = ?";

    /** What a lookup by path found: a mailbox, none, or a row James's own lookup must repair. */
    private record Found(Optional<Mailbox> mailbox, boolean needsRepair) {
        static final Found NONE = new Found(Optional.empty(), false);
        static final Found NEEDS_REPAIR = new Found(Optional.empty(), true);
    }

    public SqlMailboxMapper(EntityManagerFactory entityManagerFactory) {
        super(entityManagerFactory);
    }

    /** James's deletion, with the record of the mailbox's expunges ({@link MailboxChanges}). */
    @Override
    public Mono<Void> delete(Mailbox mailbox) {
        return super.delete(mailbox)
            .then(BlockingCalls.run(() -> MailboxChanges.forget(getEntityManager(), ((JPAId) mailbox.getMailboxId()).getRawId()))
                .onErrorMap(PersistenceException.class, e -> new MailboxException("Delete of mailbox " + mailbox + " failed", e)))
            .then();
    }

    /**
     * James's creation, written at once: when another node created the same path since James checked it was free,
     * the unique path index ({@link MailboxIndexes}) refuses the row and the creation ends in
     * {@link MailboxExistsException}, which James takes as "created concurrently" (a login's folders, a delivery's
     * INBOX); otherwise the error would come at the commit, as a failure of the command.
     */
    @Override
    public Mono<Mailbox> create(MailboxPath mailboxPath, UidValidity uidValidity) {
        return super.create(mailboxPath, uidValidity)
            .flatMap(mailbox -> Mono.fromCallable(() -> {
                try {
                    getEntityManager().flush();
                    return mailbox;
                } catch (PersistenceException e) {
                    if (isUniqueViolation(e)) {
                        throw new MailboxExistsException(mailboxPath.asString());
                    }
                    throw new MailboxException("Save of mailbox " + mailboxPath.getName() + " failed", e);
                }
            }));
    }

    /** SQLSTATE 23505, a unique key violation, on Derby as on PostgreSQL. */
    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    @Override
    public Mono<Mailbox> findMailboxById(MailboxId id) {
        return BlockingCalls.call(() -> read((JPAId) id))
            .flatMap(found -> found.map(Mono::just).orElseGet(() -> super.findMailboxById(id)));
    }

    @Override
    public Mono<Mailbox> findMailboxByPath(MailboxPath path) {
        return BlockingCalls.call(() -> read(path))
            .flatMap(found -> found.needsRepair() ? super.findMailboxByPath(path) : Mono.justOrEmpty(found.mailbox()));
    }

    private Found read(MailboxPath path) throws MailboxException {
        try {
            Connection connection = (Connection) OpenJPAPersistence.cast(getEntityManager()).getConnection();
            try (connection; PreparedStatement statement = connection.prepareStatement(BY_PATH)) {
                statement.setString(1, path.getUser().asString());
                statement.setString(2, path.getName());
                statement.setString(3, path.getNamespace());
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        return Found.NONE;
                    }
                    JPAId id = JPAId.of(row.getLong(1));
                    long uidValidity = row.getLong(2);
                    if (row.next()) {
                        throw new MailboxException("Several mailboxes have one path");
                    }
                    return UidValidity.isValid(uidValidity)
                        ? new Found(Optional.of(new Mailbox(path, UidValidity.of(uidValidity), id)), false)
                        : Found.NEEDS_REPAIR;
                }
            }
        } catch (SQLException | PersistenceException e) {
            throw new MailboxException("Search of a mailbox by path failed", e);
        }
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
