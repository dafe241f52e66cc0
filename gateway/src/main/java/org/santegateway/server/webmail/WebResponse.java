package org.santegateway.server.webmail;

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

    public WebResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new WebResponse(status, contentType, body, copy, delay);
    }

    public WebResponse delayedBy(Duration value) {
        return new WebResponse(status, contentType, body, headers, value);
    }
}
