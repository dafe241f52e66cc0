package org.santegateway.server.psc;

import java.io.IOException;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.mail.Folder;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.Transport;
import javax.mail.internet.MimeMessage;
import javax.net.ssl.SSLSocketFactory;

import org.santegateway.server.admin.WebAdminTokens;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.OidcProvider;

/**
 * What the PSC integration tests share: the professionals and their tokens' claims at the provider,
 * the gateway's {@code psc.*} settings, WebAdmin calls, and mail clients signing in with XOAUTH2.
 */
final class PscFixture {
    static final String DOMAIN = "hopital-psc.fr";
    static final String PSC_ONLY_DOMAIN = "cabinet-psc.fr";
    static final String MARTIN = "dr.martin@" + DOMAIN;
    static final String DURAND = "dr.durand@" + DOMAIN;
    static final String BERNARD = "dr.bernard@" + DOMAIN;
    static final String SECRETARIAT = "secretariat@" + DOMAIN;
    static final String LEROY = "dr.leroy@" + PSC_ONLY_DOMAIN;
    static final String PASSWORD = "correct horse battery staple";
    static final String MARTIN_ID = "810001234567";
    static final String DURAND_ID = "810007654321";
    static final String BERNARD_ID = "810005555555";
    static final String LEROY_ID = "810009999999";
    static final String AUDIENCE = "psc-mail";

    private PscFixture() {
    }

    static String professional(String nationalId, String acr) {
        return OidcProvider.claims(Map.of("preferred_username", "\"" + nationalId + "\"", "acr", "\"" + acr + "\"",
            "aud", "[\"" + AUDIENCE + "\"]", "azp", "\"psc-client\""));
    }

    /** Token profiles: one per professional, and the refused ones (of Martin). */
    static List<OidcProvider.Profile> profiles() {
        return List.of(
            new OidcProvider.Profile("martin", professional(MARTIN_ID, "eidas1")),
            new OidcProvider.Profile("durand", professional(DURAND_ID, "eidas1")),
            new OidcProvider.Profile("bernard", professional(BERNARD_ID, "eidas2")),
            new OidcProvider.Profile("leroy", professional(LEROY_ID, "eidas1")),
            new OidcProvider.Profile("unbound", professional("810003333333", "eidas1")),
            new OidcProvider.Profile("expired", professional(MARTIN_ID, "eidas1") + ",\"exp\":1000000000"),
            new OidcProvider.Profile("wrong-issuer", professional(MARTIN_ID, "eidas1") + ",\"iss\":\"https://other-provider.test/realm\""),
            new OidcProvider.Profile("wrong-audience", OidcProvider.claims(Map.of("preferred_username", "\"" + MARTIN_ID + "\"",
                "acr", "\"eidas1\"", "aud", "[\"another-service\"]", "azp", "\"another-client\""))),
            new OidcProvider.Profile("low-acr", professional(MARTIN_ID, "low")));
    }

    /** Sets {@code psc.*} (and other) keys in the test copy of gateway.properties, replacing a line already there. */
    static void configure(GatewayTestServer gateway, Map<String, String> values) throws IOException {
        Path file = gateway.settings().file("gateway.properties");
        String content = Files.readString(file, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String line = entry.getKey() + "=" + entry.getValue();
            String pattern = "(?m)^" + java.util.regex.Pattern.quote(entry.getKey()) + "=.*$";
            content = java.util.regex.Pattern.compile(pattern).matcher(content).find()
                ? content.replaceAll(pattern, java.util.regex.Matcher.quoteReplacement(line))
                : content + "\n" + line + "\n";
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** Accounts, bindings (over WebAdmin, as an admin does), the PSC-only domain. */
    static void populate(GatewayTestServer gateway) throws Exception {
        gateway.data().addDomain(DOMAIN);
        gateway.data().addDomain(PSC_ONLY_DOMAIN);
        for (String user : List.of(MARTIN, DURAND, BERNARD, SECRETARIAT, LEROY)) {
            gateway.data().addUser(user, PASSWORD);
        }
        bind(gateway, MARTIN_ID, MARTIN);
        bind(gateway, DURAND_ID, DURAND);
        bind(gateway, BERNARD_ID, BERNARD);
        bind(gateway, BERNARD_ID, SECRETARIAT);
        bind(gateway, LEROY_ID, LEROY);
    }

    static void bind(GatewayTestServer gateway, String nationalId, String mailbox) throws Exception {
        HttpResponse<String> response = webAdmin(gateway, "PUT", "/gateway/psc/bindings/" + nationalId + "/" + URLEncoder.encode(mailbox, StandardCharsets.UTF_8));
        if (response.statusCode() != 204) {
            throw new IllegalStateException("binding refused: " + response.statusCode() + " " + response.body());
        }
    }

    static HttpResponse<String> webAdmin(GatewayTestServer gateway, String method, String path) throws Exception {
        return webAdmin(gateway, method, path, null);
    }

    static HttpResponse<String> webAdmin(GatewayTestServer gateway, String method, String path, String json) throws Exception {
        String token = WebAdminTokens.fromDataDirectory(gateway.settings(), Clock.systemUTC()).issue("admin", Duration.ofMinutes(5));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.webAdminPort() + path))
            .header("Authorization", "Bearer " + token)
            .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** RFC 7628 client message of OAUTHBEARER, base64. */
    static String oauthBearer(String authzid, String token) {
        String gs2 = authzid == null ? "n,," : "n,a=" + authzid.replace("=", "=3D").replace(",", "=2C") + ",";
        String message = gs2 + "\u0001host=localhost\u0001port=993\u0001auth=Bearer " + token + "\u0001\u0001";
        return Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8));
    }

    /** XOAUTH2 client message, base64. */
    static String xoauth2(String user, String token) {
        String message = "user=" + user + "\u0001auth=Bearer " + token + "\u0001\u0001";
        return Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8));
    }

    /** Jakarta Mail with XOAUTH2, the token as the password, as a mail client does. */
    static final class OAuthMailClients {
        private final SSLSocketFactory tls;

        OAuthMailClients(SSLSocketFactory tls) {
            this.tls = tls;
        }

        void send(String protocol, int port, String user, String token, MimeMessage message) throws MessagingException {
            Properties properties = new Properties();
            String prefix = "mail." + protocol + ".";
            properties.put(prefix + "host", "localhost");
            properties.put(prefix + "port", String.valueOf(port));
            properties.put(prefix + "auth", "true");
            properties.put(prefix + "auth.mechanisms", "XOAUTH2");
            properties.put(prefix + "ssl.socketFactory", tls);
            properties.put(prefix + "ssl.checkserveridentity", "true");
            properties.put(prefix + "from", user);
            properties.put(prefix + "connectiontimeout", "10000");
            properties.put(prefix + "timeout", "20000");
            if (protocol.equals("smtp")) {
                properties.put(prefix + "starttls.enable", "true");
                properties.put(prefix + "starttls.required", "true");
            }
            Session session = Session.getInstance(properties);
            try (Transport transport = session.getTransport(protocol)) {
                transport.connect("localhost", port, user, token);
                message.saveChanges();
                transport.sendMessage(message, message.getAllRecipients());
            }
        }

        List<String> inboxSubjects(int port, String user, String token) throws MessagingException {
            Properties properties = new Properties();
            properties.put("mail.imaps.auth.mechanisms", "XOAUTH2");
            properties.put("mail.imaps.ssl.socketFactory", tls);
            properties.put("mail.imaps.ssl.checkserveridentity", "true");
            properties.put("mail.imaps.connectiontimeout", "10000");
            properties.put("mail.imaps.timeout", "20000");
            Store store = Session.getInstance(properties).getStore("imaps");
            store.connect("localhost", port, user, token);
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                try {
                    List<String> subjects = new java.util.ArrayList<>();
                    for (javax.mail.Message message : inbox.getMessages()) {
                        subjects.add(message.getSubject());
                    }
                    return subjects;
                } finally {
                    inbox.close(false);
                }
            } finally {
                store.close();
            }
        }
    }
}
