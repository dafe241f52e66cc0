package org.santegateway.server.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLSocketFactory;

import org.santegateway.server.admin.WebAdminTokens;
import org.santegateway.server.psc.PscSettings;
import org.santegateway.server.psc.PscTokenLogins;
import org.santegateway.server.psc.TokenCheck;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.ImapDialog;
import org.santegateway.server.testing.OidcProvider;
import org.santegateway.server.testing.TestTls;

/**
 * Not a test (run by hand): Pro Santé Connect logins per second over IMAPS, with local JWT
 * validation and with introspection, against a real provider process (mock-oauth2-server) on
 * loopback. Each login is a whole session as a mail client opens it: TCP, TLS handshake,
 * {@code AUTHENTICATE OAUTHBEARER} with a token never seen before (no cache helps), {@code LOGOUT}.
 * The same logins with one token each time show what the introspection cache saves. Before each
 * mode, the token check alone (no session, no TLS: signature and claims, or the provider's
 * answer) is measured on one thread and on CLIENTS threads. One gateway
 * per mode, started from the shipped configuration; CLIENTS threads (default 4), LOGINS logins
 * (default 400) after 50 of warm-up.
 *
 * <pre>
 * mvn -B -o -q test-compile dependency:build-classpath -pl mailets,gateway -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * cd gateway &amp;&amp; java -cp "target/test-classes:target/classes:$(cat /tmp/cp.txt)" \
 *     org.santegateway.server.bench.PscLoginBenchmark [LOGINS] [CLIENTS]
 * </pre>
 * Prints one {@code RESULT} line per mode.
 */
public final class PscLoginBenchmark {
    static final String DOMAIN = "bench-psc.fr";
    static final String MAILBOX = "dr.bench@" + DOMAIN;
    static final String NATIONAL_ID = "810001112223";
    static final int WARM_UP = 50;

    private PscLoginBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int logins = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path root = Files.createTempDirectory("psc-bench");
        String claims = OidcProvider.claims(Map.of("preferred_username", "\"" + NATIONAL_ID + "\"", "acr", "\"eidas1\"",
            "aud", "[\"psc-mail\"]", "azp", "\"psc-client\""));
        try (OidcProvider provider = OidcProvider.start(root.resolve("oidc"), List.of(new OidcProvider.Profile("bench", claims)))) {
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < WARM_UP + logins; i++) {
                tokens.add(provider.token("bench"));
            }
            for (String mode : List.of("jwt", "introspection")) {
                TokenCheck.Checker checker = PscTokenLogins.checker(PscSettings.from(GatewayProperties.of(Map.of(
                    "psc.validation", mode, "psc.issuer", provider.issuer(), "psc.audiences", "psc-mail",
                    "psc.jwks.url", provider.issuer() + "/jwks", "psc.introspection.url", provider.issuer() + "/introspect",
                    "psc.client.id", "sante-gateway", "psc.client.secret.file", secret(root).toString())), root), Clock.systemUTC()).orElseThrow();
                checks(checker, tokens.subList(0, WARM_UP), 1);
                double alone = checks(checker, tokens.subList(WARM_UP, tokens.size()), 1);
                double together = checks(PscTokenLogins.checker(PscSettings.from(GatewayProperties.of(Map.of(
                    "psc.validation", mode, "psc.issuer", provider.issuer(), "psc.audiences", "psc-mail",
                    "psc.jwks.url", provider.issuer() + "/jwks", "psc.introspection.url", provider.issuer() + "/introspect",
                    "psc.client.id", "sante-gateway", "psc.client.secret.file", secret(root).toString())), root), Clock.systemUTC()).orElseThrow(),
                    tokens.subList(WARM_UP, tokens.size()), clients);
                System.out.printf("RESULT mode=%s checks_only new_tokens_per_s_1_thread=%.1f new_tokens_per_s_%d_threads=%.1f%n",
                    mode, alone, clients, together);
                try (GatewayTestServer gateway = GatewayTestServer.prepare(root.resolve(mode))) {
                    configure(gateway, provider, mode);
                    gateway.start();
                    gateway.data().addDomain(DOMAIN);
                    gateway.data().addUser(MAILBOX, "unused password of the benchmark");
                    bind(gateway);
                    SSLSocketFactory tls = TestTls.socketFactory(gateway.testCaCertificate());
                    run(gateway, tls, tokens.subList(0, WARM_UP), clients);
                    double fresh = run(gateway, tls, tokens.subList(WARM_UP, tokens.size()), clients);
                    double same = run(gateway, tls, java.util.Collections.nCopies(logins, tokens.get(0)), clients);
                    System.out.printf("RESULT mode=%s logins=%d clients=%d new_tokens_per_s=%.1f same_token_per_s=%.1f%n",
                        mode, logins, clients, fresh, same);
                }
            }
        }
    }

    private static void configure(GatewayTestServer gateway, OidcProvider provider, String mode) throws Exception {
        Path file = gateway.settings().file("gateway.properties");
        Path secret = gateway.settings().configDirectory().resolve("psc.secret");
        Files.writeString(secret, "bench-secret");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        String settings = Files.readString(file, StandardCharsets.UTF_8).replaceAll("(?m)^psc.validation=.*$", "psc.validation=" + mode)
            + "\npsc.issuer=" + provider.issuer() + "\npsc.audiences=psc-mail\npsc.jwks.url=" + provider.issuer() + "/jwks"
            + "\npsc.introspection.url=" + provider.issuer() + "/introspect\npsc.client.id=sante-gateway\npsc.client.secret.file=psc.secret\n";
        Files.writeString(file, settings, StandardCharsets.UTF_8);
    }

    private static void bind(GatewayTestServer gateway) throws Exception {
        String token = WebAdminTokens.fromDataDirectory(gateway.settings(), Clock.systemUTC()).issue("admin", Duration.ofMinutes(5));
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + gateway.webAdminPort()
                    + "/gateway/psc/bindings/" + NATIONAL_ID + "/" + MAILBOX.replace("@", "%40")))
                .header("Authorization", "Bearer " + token).PUT(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("binding refused: " + response.statusCode());
        }
    }

    private static Path secret(Path root) throws Exception {
        Path secret = root.resolve("bench.secret");
        if (!Files.exists(secret)) {
            Files.writeString(secret, "bench-secret");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        }
        return secret;
    }

    /** Token checks per second without any session (the validation alone: signature or provider call, claims). */
    private static double checks(TokenCheck.Checker checker, List<String> tokens, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < tokens.size(); i = next.getAndIncrement()) {
                        if (!(checker.check(tokens.get(i)) instanceof TokenCheck.Valid)) {
                            throw new IllegalStateException("token refused");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return tokens.size() / (Duration.ofNanos(System.nanoTime() - start).toNanos() / 1e9);
    }

    /** Logins per second; fails on the first refused login. */
    private static double run(GatewayTestServer gateway, SSLSocketFactory tls, List<String> tokens, int clients) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < tokens.size(); i = next.getAndIncrement()) {
                        try (ImapDialog imap = ImapDialog.connectTls(gateway.imapsPort(), tls)) {
                            String message = "n,a=" + MAILBOX + ",\u0001auth=Bearer " + tokens.get(i) + "\u0001\u0001";
                            ImapDialog.Reply reply = imap.sasl("AUTHENTICATE OAUTHBEARER "
                                + Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8)), "AQ==");
                            if (!reply.ok()) {
                                throw new IllegalStateException("login refused: " + reply.tagged());
                            }
                            imap.logout();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return tokens.size() / (Duration.ofNanos(System.nanoTime() - start).toNanos() / 1e9);
    }
}
