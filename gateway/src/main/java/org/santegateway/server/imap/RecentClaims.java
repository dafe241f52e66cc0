package org.santegateway.server.imap;

import java.time.Duration;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * Which session shows a new message as {@code \Recent}: one only (RFC 3501 §2.3.2, "this session is the first
 * session to have been notified about this message").
 *
 * <p>James gives {@code \Recent} to every session that has the mailbox selected when a message arrives, and to the
 * next session that selects it. The first of them to show it (in a RECENT count or a FETCH of its flags) keeps it;
 * the others drop it. Claims are kept for the sessions of this node; a message that no session has shown within an
 * hour is forgotten, and then shown as recent by the next session that asks.</p>
 */
final class RecentClaims {
    private record Message(MailboxId mailbox, MessageUid uid) {
    }

    private static final int MAX_CLAIMS = 100_000;

    private final Cache<Message, Object> claimants = CacheBuilder.newBuilder()
        .maximumSize(MAX_CLAIMS)
        .expireAfterAccess(Duration.ofHours(1))
        .build();

    /** Whether {@code session} may show the message as recent: the first session to ask may, and only it. */
    boolean claim(MailboxId mailbox, MessageUid uid, Object session) {
        Object claimant = claimants.asMap().putIfAbsent(new Message(mailbox, uid), session);
        return claimant == null || claimant == session;
    }
}
