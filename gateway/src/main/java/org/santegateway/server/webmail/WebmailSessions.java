package org.santegateway.server.webmail;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
    private static final int MAX_SESSIONS = 100_000;

    /** One session; {@code user} is empty before login. */
    public static final class Session {
        private final String id;
        private final Optional<Username> user;
        private final String csrf;
        private final Instant created;
        private volatile Instant lastSeen;

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
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
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
            return Optional.empty();
        }
        session.lastSeen = now;
        return Optional.of(session);
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
        sessions.values().removeIf(session -> now.isAfter(session.lastSeen.plus(settings.sessionIdle()))
            || now.isAfter(session.created.plus(settings.sessionAbsolute())));
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
