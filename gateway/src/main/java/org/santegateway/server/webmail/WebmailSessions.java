package org.santegateway.server.webmail;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.inject.Inject;

import org.apache.james.core.Username;

/**
 * Server-side sessions of the webmail, in memory (a restart signs everybody out). A session is
 * created before login (it carries the CSRF token of the login form) and replaced by a new one at
 * login, so that an identifier planted before login is worthless after it. Sessions expire after
 * an idle period and after an absolute lifetime.
 */
public class WebmailSessions {
    public static final String COOKIE = "__Host-webmail";
    /** Names a reply kept when its session had expired, to offer it back after the next login. */
    public static final String KEPT_REPLY_COOKIE = "__Host-reprise";
    private static final int MAX_SESSIONS = 100_000;
    /** How long the user of an expired session is remembered, and a reply it sent kept: enough to sign in again. */
    static final Duration KEPT_FOR = Duration.ofMinutes(30);
    /** How long before the idle timeout the warning shows, at most. */
    static final Duration WARNING_LEAD = Duration.ofMinutes(2);

    /** A text typed in a form, to show again in that form ({@code path}: the page of the form). */
    public record Draft(String path, String text) {
    }

    private record Expired(Username user, Instant until) {
    }

    private record KeptReply(Username user, Draft draft, Instant until) {
    }

    /** One session; {@code user} is empty before login. */
    public static final class Session {
        private final String id;
        private final Optional<Username> user;
        private final String csrf;
        private final Instant created;
        private volatile Instant lastSeen;
        private volatile Draft draft;

        Session(String id, Optional<Username> user, String csrf, Instant created) {
            this.id = id;
            this.user = user;
            this.csrf = csrf;
            this.created = created;
            this.lastSeen = created;
        }

        public String id() {
            return id;
        }

        public Optional<Username> user() {
            return user;
        }

        public String csrf() {
            return csrf;
        }

        public boolean csrfMatches(String candidate) {
            return MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
        }

        /** Keeps a text typed in the form of {@code path}, to show it there at the next display of that page. */
        public void keepDraft(Draft value) {
            this.draft = value;
        }

        /** The text kept for the form of {@code path}, once. */
        public synchronized Optional<String> takeDraft(String path) {
            Draft current = draft;
            if (current == null || !current.path().equals(path)) {
                return Optional.empty();
            }
            draft = null;
            return Optional.of(current.text());
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Expired> expired = new ConcurrentHashMap<>();
    private final Map<String, KeptReply> keptReplies = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final WebmailSettings settings;
    private final Clock clock;

    @Inject
    public WebmailSessions(WebmailSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public Session anonymous() {
        return create(Optional.empty());
    }

    /** A new session for the user who just logged in; the previous one, if any, is destroyed. */
    public Session login(Optional<String> previousId, Username user) {
        previousId.ifPresent(sessions::remove);
        return create(Optional.of(user));
    }

    public void logout(String id) {
        sessions.remove(id);
    }

    /** The live session of this identifier, touched; expired ones are removed. */
    public Optional<Session> find(String id) {
        Session session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (now.isAfter(session.lastSeen.plus(settings.sessionIdle())) || now.isAfter(session.created.plus(settings.sessionAbsolute()))) {
            sessions.remove(id);
            session.user().ifPresent(user -> remember(id, user, now));
            return Optional.empty();
        }
        session.lastSeen = now;
        return Optional.of(session);
    }

    /**
     * Keeps a reply posted with the cookie of a session that expired (recently), to offer it back to the same patient
     * after their next login: the identifier to put in {@link #KEPT_REPLY_COOKIE}, or empty when the session is not
     * one that expired (unknown, never signed in, too old).
     */
    public Optional<String> keepReplyOfExpired(String sessionId, Draft draft) {
        Instant now = clock.instant();
        Expired gone = expired.get(sessionId);
        if (gone == null && sessions.containsKey(sessionId)) {
            // Expired but not looked at since: find() moves it to the expired ones.
            find(sessionId);
            gone = expired.get(sessionId);
        }
        if (gone == null || now.isAfter(gone.until())) {
            return Optional.empty();
        }
        if (keptReplies.size() >= MAX_SESSIONS) {
            keptReplies.values().removeIf(kept -> now.isAfter(kept.until()));
            if (keptReplies.size() >= MAX_SESSIONS) {
                return Optional.empty();
            }
        }
        String token = token();
        keptReplies.put(token, new KeptReply(gone.user(), draft, now.plus(KEPT_FOR)));
        return Optional.of(token);
    }

    /** Gives the new session of this patient the reply kept under {@code token}, if it is theirs; its page, to go to. */
    public Optional<String> restoreKeptReply(String token, Session session) {
        KeptReply kept = keptReplies.remove(token);
        if (kept == null || clock.instant().isAfter(kept.until()) || session.user().filter(kept.user()::equals).isEmpty()) {
            return Optional.empty();
        }
        session.keepDraft(kept.draft());
        return Optional.of(kept.draft().path());
    }

    /** When a page shows the warning that the session is about to expire: a few minutes before the idle timeout. */
    public Duration warningDelay() {
        Duration lead = settings.sessionIdle().dividedBy(2).compareTo(WARNING_LEAD) < 0 ? settings.sessionIdle().dividedBy(2) : WARNING_LEAD;
        return settings.sessionIdle().minus(lead);
    }

    public Duration idle() {
        return settings.sessionIdle();
    }

    public static String keptReplyCookie(String token) {
        return KEPT_REPLY_COOKIE + "=" + token + "; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=" + KEPT_FOR.toSeconds();
    }

    public static String expiredKeptReplyCookie() {
        return KEPT_REPLY_COOKIE + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0";
    }

    private void remember(String id, Username user, Instant now) {
        if (expired.size() >= MAX_SESSIONS) {
            expired.values().removeIf(gone -> now.isAfter(gone.until()));
        }
        if (expired.size() < MAX_SESSIONS) {
            expired.put(id, new Expired(user, now.plus(KEPT_FOR)));
        }
    }

    public String cookie(Session session) {
        return COOKIE + "=" + session.id() + "; Path=/; Secure; HttpOnly; SameSite=Strict";
    }

    public static String expiredCookie() {
        return COOKIE + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0";
    }

    private Session create(Optional<Username> user) {
        if (sessions.size() >= MAX_SESSIONS) {
            purge();
        }
        Session session = new Session(token(), user, token(), clock.instant());
        sessions.put(session.id(), session);
        return session;
    }

    private void purge() {
        Instant now = clock.instant();
        sessions.entrySet().removeIf(entry -> {
            Session session = entry.getValue();
            boolean gone = now.isAfter(session.lastSeen.plus(settings.sessionIdle())) || now.isAfter(session.created.plus(settings.sessionAbsolute()));
            if (gone) {
                session.user().ifPresent(user -> remember(entry.getKey(), user, now));
            }
            return gone;
        });
        if (sessions.size() >= MAX_SESSIONS) {
            // Still full: login forms opened and never used go first, signed-in patients stay.
            sessions.values().removeIf(session -> session.user().isEmpty());
        }
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
