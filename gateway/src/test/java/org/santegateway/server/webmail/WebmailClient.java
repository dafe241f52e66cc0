package org.santegateway.server.webmail;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

/**
 * A browser-like HTTP client of the webmail for header-level tests: keeps the session cookie by
 * hand (to be able to replay an old one), never follows redirects.
 */
final class WebmailClient {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern COOKIE = Pattern.compile(WebmailSessions.COOKIE + "=([^;]*)");

    private final HttpClient http;
    private final URI base;
    private Optional<String> cookie = Optional.empty();
    private String lastPage = "";

    WebmailClient(SSLContext tls, int port) {
        this.http = HttpClient.newBuilder().sslContext(tls).followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
        this.base = URI.create("https://localhost:" + port);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return remember(http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
            .map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
        return remember(http.send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** A POST with the CSRF token of the last page. */
    HttpResponse<String> postWithToken(String path, Map<String, String> form) throws IOException, InterruptedException {
        Map<String, String> withToken = new LinkedHashMap<>(form);
        withToken.put("csrf", csrf());
        return post(path, withToken);
    }

    /** A multipart POST (text fields, then files as {@code fichiers}) with the CSRF token of the last page. */
    HttpResponse<String> postMultipartWithToken(String path, Map<String, String> fields, Map<String, byte[]> files)
        throws IOException, InterruptedException {
        String boundary = "----webmail" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        Map<String, String> withToken = new LinkedHashMap<>(fields);
        withToken.put("csrf", csrf());
        for (Map.Entry<String, String> field : withToken.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"fichiers\"; filename=\"" + file.getKey()
                + "\"\r\nContent-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file.getValue());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return remember(http.send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString()));
    }

    HttpResponse<String> login(String address, String password) throws IOException, InterruptedException {
        get("/connexion");
        return postWithToken("/connexion", Map.of("adresse", address, "motDePasse", password));
    }

    String csrf() {
        Matcher matcher = CSRF.matcher(lastPage);
        if (!matcher.find()) {
            throw new IllegalStateException("No CSRF token on the last page");
        }
        return matcher.group(1);
    }

    Optional<String> cookie() {
        return cookie;
    }

    void useCookie(String value) {
        cookie = Optional.of(value);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        cookie.ifPresent(value -> builder.header("Cookie", WebmailSessions.COOKIE + "=" + value));
        return builder;
    }

    private HttpResponse<String> remember(HttpResponse<String> response) {
        response.headers().firstValue("Set-Cookie").ifPresent(header -> {
            Matcher matcher = COOKIE.matcher(header);
            if (matcher.find()) {
                cookie = matcher.group(1).isEmpty() ? Optional.empty() : Optional.of(matcher.group(1));
            }
        });
        lastPage = response.body();
        return response;
    }
}
