package org.santegateway.server.webmail;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response of the webmail. The security headers common to every response are added by
 * {@link WebmailHttpHandler}; {@link #delay} holds the response back (failed logins) without
 * holding a thread.
 */
public record WebResponse(int status, String contentType, byte[] body, Map<String, String> headers, Duration delay) {
    public WebResponse {
        headers = Map.copyOf(headers);
    }

    public static WebResponse html(int status, String html) {
        return new WebResponse(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), Map.of(), Duration.ZERO);
    }

    public static WebResponse html(String html) {
        return html(200, html);
    }

    /** See other: the browser follows with a GET (POST-redirect-GET). */
    public static WebResponse redirect(String location) {
        return new WebResponse(303, "text/plain; charset=utf-8", new byte[0], Map.of("Location", location), Duration.ZERO);
    }

    public static WebResponse bytes(String contentType, byte[] body) {
        return new WebResponse(200, contentType, body, Map.of(), Duration.ZERO);
    }

    /** 404 with the webmail error page: for an unknown address and for what the patient may not see alike. */
    static WebResponse notFound() {
        return html(404, Html.errorPage("Page introuvable."));
    }

    /** A file to save, never rendered by the browser in the webmail's origin. */
    static WebResponse download(String fileName, byte[] content) {
        String ascii = fileName.replaceAll("[^A-Za-z0-9._-]", "_");
        return bytes("application/octet-stream", content)
            .withHeader("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    public WebResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new WebResponse(status, contentType, body, copy, delay);
    }

    public WebResponse delayedBy(Duration value) {
        return new WebResponse(status, contentType, body, headers, value);
    }
}
