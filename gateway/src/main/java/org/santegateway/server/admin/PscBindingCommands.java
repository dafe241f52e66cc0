package org.santegateway.server.admin;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

import org.santegateway.server.GatewaySettings;

/**
 * {@code gateway-admin psc-bind | psc-unbind | psc-bindings}: the bindings of Pro Santé Connect
 * national identifiers to mailboxes, changed through the running gateway's WebAdmin route
 * {@code /gateway/psc/bindings} (the database belongs to the running gateway) with a short-lived
 * token issued here, so that every change is audited there.
 */
final class PscBindingCommands {
    private PscBindingCommands() {
    }

    static int run(String[] args, GatewaySettings settings, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        boolean listing = args[0].equals("psc-bindings");
        if (args.length != (listing ? 2 : 3)) {
            err.println("usage: gateway-admin " + args[0] + (listing ? " NATIONAL_ID" : " NATIONAL_ID ADDRESS"));
            return 2;
        }
        String path = "/gateway/psc/bindings/" + encode(args[1]) + (listing ? "" : "/" + encode(args[2]));
        String method = switch (args[0]) {
            case "psc-bind" -> "PUT";
            case "psc-unbind" -> "DELETE";
            default -> "GET";
        };
        String token = WebAdminTokens.fromDataDirectory(settings, Clock.systemUTC()).issue("admin", Duration.ofMinutes(2));
        HttpRequest request = HttpRequest.newBuilder(URI.create(webAdmin(settings) + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println(args[0] + ": the gateway's WebAdmin cannot be reached (is the gateway running?): " + e.getClass().getSimpleName());
            return 1;
        }
        if (response.statusCode() / 100 != 2) {
            err.println(args[0] + ": refused (HTTP " + response.statusCode() + "): " + response.body());
            return 1;
        }
        out.println(listing ? response.body() : args[0].equals("psc-bind") ? "bound" : "unbound");
        return 0;
    }

    private static String webAdmin(GatewaySettings settings) throws IOException {
        Properties properties = new Properties();
        Path file = settings.file("webadmin.properties");
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        String host = properties.getProperty("host", "127.0.0.1").trim();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + properties.getProperty("port", "8000").trim();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
