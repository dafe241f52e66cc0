package org.santegateway.server.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real OpenID provider in a process of its own: navikt's mock-oauth2-server (copied with its
 * dependencies into {@code target/oidc-provider} by the build: it brings Netty 4.2, which must not
 * meet James's Netty on this classpath). Tokens are obtained from it over HTTP with the client
 * credentials grant; the {@code scope} asked for selects the claims of the token (its JSON_CONFIG
 * {@code tokenCallbacks}), each scope being one {@link Profile}.
 */
public final class OidcProvider implements AutoCloseable {
    public static final String ISSUER_ID = "psc";
    private static final Path JARS = Path.of("target", "oidc-provider");

    /** The claims of the tokens obtained with {@code scope=name}, as JSON members ({@code "acr": "eidas1", ...}). */
    public record Profile(String name, String claimsJson) {
    }

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OidcProvider(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the provider on a free loopback port and waits until it serves its discovery document. */
    public static OidcProvider start(Path workDirectory, List<Profile> profiles) throws IOException {
        if (!Files.isDirectory(JARS)) {
            throw new IllegalStateException(JARS.toAbsolutePath() + " is missing: build the gateway module with Maven (generate-test-resources)");
        }
        String classpath;
        try (Stream<Path> jars = Files.list(JARS)) {
            classpath = jars.filter(jar -> jar.toString().endsWith(".jar")).map(Path::toAbsolutePath).map(Path::toString)
                .sorted().collect(Collectors.joining(File.pathSeparator));
        }
        String mappings = profiles.stream()
            .map(profile -> "{\"requestParam\":\"scope\",\"match\":\"" + profile.name() + "\",\"claims\":{" + profile.claimsJson() + "}}")
            .collect(Collectors.joining(","));
        String config = "{\"interactiveLogin\":false,\"tokenCallbacks\":[{\"issuerId\":\"" + ISSUER_ID
            + "\",\"tokenExpiry\":300,\"requestMappings\":[" + mappings + "]}]}";
        int port = GatewayTestServer.freePort();
        Files.createDirectories(workDirectory);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", classpath, "no.nav.security.mock.oauth2.StandaloneMockOAuth2ServerKt")
            .redirectErrorStream(true)
            .redirectOutput(workDirectory.resolve("oidc-provider.log").toFile());
        builder.environment().put("SERVER_HOSTNAME", "127.0.0.1");
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        builder.environment().put("JSON_CONFIG", config);
        OidcProvider provider = new OidcProvider(builder.start(), port);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> provider.get("/" + ISSUER_ID + "/.well-known/openid-configuration").statusCode() == 200);
        } catch (RuntimeException e) {
            provider.close();
            throw e;
        }
        return provider;
    }

    public int port() {
        return port;
    }

    /** The issuer its tokens name. */
    public String issuer() {
        return "http://127.0.0.1:" + port + "/" + ISSUER_ID;
    }

    /** An access token with the claims of a profile (client credentials grant). */
    public String token(String profile) {
        String form = "grant_type=client_credentials&client_id=gateway-test&client_secret=secret&scope="
            + URLEncoder.encode(profile, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer() + "/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
            if (response.statusCode() != 200 || !token.find()) {
                throw new IllegalStateException("No token from the provider: HTTP " + response.statusCode());
            }
            return token.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    /** Claims as JSON members, for {@link Profile}. */
    public static String claims(Map<String, String> strings) {
        return strings.entrySet().stream().map(entry -> "\"" + entry.getKey() + "\":" + entry.getValue())
            .collect(Collectors.joining(","));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
