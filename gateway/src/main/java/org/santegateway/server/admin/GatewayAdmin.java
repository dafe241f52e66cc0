package org.santegateway.server.admin;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.cli.ServerCmd;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.audit.AuditVerifier;
import org.santegateway.server.autoconfig.MailDnsRecords;
import org.santegateway.server.autoconfig.MailEndpoints;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.startup.FirstStart;
import org.santegateway.server.startup.StartupFailure;

/**
 * The admin command ({@code ./gateway-admin}), run on the gateway's machine as the user that owns
 * the data directory:
 * <ul>
 *     <li>{@code token [minutes]}: prints a WebAdmin bearer token (default 60 minutes, at most
 *     {@value WebAdminSettings#TOKEN_MAX_LIFETIME});</li>
 *     <li>{@code cli COMMAND ARGS...}: runs the stock James CLI ({@code org.apache.james.cli.ServerCmd})
 *     against the local JMX port with the generated credentials, e.g. {@code cli AddDomain example.org};</li>
 *     <li>{@code jmx-credentials}: prints where the JMX credentials are, for running the CLI by hand;</li>
 *     <li>{@code audit-verify [DIRECTORY...]}: checks the whole audit trail, or each node's trail copied into the
 *     directories given, and reports the first broken record of each (exit status 1);</li>
 *     <li>{@code audit-export}: prints the audit trail as JSON lines;</li>
 *     <li>{@code psc-bind NATIONAL_ID ADDRESS}, {@code psc-unbind NATIONAL_ID ADDRESS}, {@code psc-bindings NATIONAL_ID}:
 *     which mailboxes a professional's Pro Santé Connect identity opens, through the running gateway's WebAdmin
 *     ({@link PscBindingCommands});</li>
 *     <li>{@code dns DOMAIN [HOST]}: the SRV records and autoconfig / Autodiscover names to publish for a hosted
 *     domain ({@code autoconfig.MailDnsRecords}); HOST defaults to the first of {@code tls.hostnames}.</li>
 *     <li>{@code registry ...}: the mailbox registry through WebAdmin with a short-lived token (see {@link RegistryRequest}):
 *     list, show, create, update, state changes and the directory export.</li>
 *     <li>{@code spaces ...}: the patient spaces' lifecycle through WebAdmin (see {@link SpacesRequest}): list, show,
 *     import of an enrolment batch, objection, closure, reopening, deletion, postal letters.</li>
 * </ul>
 */
public final class GatewayAdmin {
    /** The commands that read the keys and passwords a gateway writes into its data directory at its first start. */
    private static final Set<String> NEEDS_GATEWAY_DATA = Set.of("token", "cli", "audit-verify", "audit-export", "psc-bind", "psc-unbind",
        "psc-bindings", "registry", "spaces");

    private GatewayAdmin() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, GatewaySettings.fromEnvironment(), System.out, System.err));
    }

    /** Runs one command; the exit status (tests call it in-process). */
    public static int run(String[] args, GatewaySettings settings, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0) {
            err.println("usage: gateway-admin token [minutes] | cli COMMAND [ARGS...] | jmx-credentials | audit-verify [DIR...] | audit-export"
                + " | psc-bind NATIONAL_ID ADDRESS | psc-unbind NATIONAL_ID ADDRESS | psc-bindings NATIONAL_ID | dns DOMAIN [HOST] | "
                + RegistryRequest.USAGE + " | " + SpacesRequest.USAGE);
            return 2;
        }
        if (NEEDS_GATEWAY_DATA.contains(args[0]) && !Files.isDirectory(settings.generatedConfDirectory())) {
            err.println("gateway-admin " + args[0] + ": no gateway in " + settings.dataDirectory() + " (" + settings.generatedConfDirectory()
                + " is missing). Run it on the data directory of a gateway that has started once, e.g. GATEWAY_DATA_DIR=/var/lib/gateway"
                + " GATEWAY_CONFIG_DIR=/etc/gateway ./gateway-admin " + Arrays.stream(args).map(GatewayAdmin::shellWord).collect(Collectors.joining(" ")));
            return 1;
        }
        switch (args[0]) {
            case "token" -> {
                return token(args, settings, out, err);
            }
            case "cli" -> {
                if (!answers(jmxAddress(settings), Integer.parseInt(jmxPort(settings)))) {
                    err.println("cli: the gateway's JMX does not answer at " + jmxAddress(settings) + ":" + jmxPort(settings)
                        + " (is the gateway running, and GATEWAY_CONFIG_DIR its configuration?)");
                    return 1;
                }
                ServerCmd.main(cliArguments(settings, Arrays.copyOfRange(args, 1, args.length)));
                return 0;
            }
            case "jmx-credentials" -> {
                out.println("JMX " + jmxAddress(settings) + ":" + jmxPort(settings) + ", user " + FirstStart.JMX_USER
                    + ", password in " + settings.generatedConfDirectory().resolve(FirstStart.JMX_PASSWORD_FILE));
                return 0;
            }
            case "audit-verify" -> {
                return auditVerify(args, settings, out);
            }
            case "audit-export" -> {
                auditVerifier(settings).export(out);
                out.flush();
                return 0;
            }
            case "psc-bind", "psc-unbind", "psc-bindings" -> {
                return PscBindingCommands.run(args, settings, out, err);
            }
            case "dns" -> {
                return dns(args, settings, out, err);
            }
            case "registry" -> {
                return registry(args, settings, out, err);
            }
            case "spaces" -> {
                return spaces(args, settings, out, err);
            }
            default -> {
                err.println("unknown command '" + args[0] + "': token, cli, jmx-credentials, audit-verify, audit-export, "
                    + "psc-bind, psc-unbind, psc-bindings, dns, registry or spaces");
                return 2;
            }
        }
    }

    /**
     * Prints a token valid for the minutes asked, or the default validity, shortened to what
     * {@value WebAdminSettings#TOKEN_MAX_LIFETIME} allows: WebAdmin would refuse a longer one.
     */
    private static int token(String[] args, GatewaySettings settings, PrintStream out, PrintStream err) throws IOException {
        WebAdminSettings webAdmin;
        try {
            webAdmin = WebAdminSettings.from(GatewayProperties.load(settings));
        } catch (StartupFailure e) {
            err.println("token: " + e.getMessage());
            return 2;
        }
        Duration validity;
        if (args.length > 1) {
            try {
                validity = Duration.ofMinutes(Long.parseLong(args[1]));
            } catch (NumberFormatException e) {
                err.println("token: '" + args[1] + "' is not a number of minutes");
                return 2;
            }
            if (validity.isNegative() || validity.isZero()) {
                err.println("token: the validity must be at least one minute");
                return 2;
            }
            if (validity.compareTo(webAdmin.maxTokenLifetime()) > 0) {
                err.println("token: " + args[1] + " minutes is longer than " + WebAdminSettings.TOKEN_MAX_LIFETIME + " ("
                    + webAdmin.maxTokenLifetime().toMinutes() + " minutes in " + settings.file(GatewayProperties.FILE) + "): WebAdmin would refuse it");
                return 2;
            }
        } else {
            validity = WebAdminTokens.DEFAULT_VALIDITY.compareTo(webAdmin.maxTokenLifetime()) > 0
                ? webAdmin.maxTokenLifetime() : WebAdminTokens.DEFAULT_VALIDITY;
        }
        out.println(WebAdminTokens.fromDataDirectory(settings, Clock.systemUTC()).issue("admin", validity));
        return 0;
    }

    private static int dns(String[] args, GatewaySettings settings, PrintStream out, PrintStream err) throws IOException {
        if (args.length < 2 || args.length > 3) {
            err.println("usage: gateway-admin dns DOMAIN [HOST]");
            return 2;
        }
        try {
            MailEndpoints endpoints = MailEndpoints.of(settings.configDirectory(), GatewayProperties.load(settings), args.length == 3 ? args[2] : "");
            new MailDnsRecords(args[1], endpoints).lines().forEach(out::println);
        } catch (IllegalArgumentException e) {
            err.println("dns: a domain or host that is not a DNS name");
            return 2;
        }
        return 0;
    }

    /** Sends the registry command to the local WebAdmin with a five-minute token; prints the answer (exit status 1 unless 2xx). */
    private static int registry(String[] args, GatewaySettings settings, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        RegistryRequest request;
        try {
            request = RegistryRequest.of(RegistryRequest.arguments(args), GatewayAdmin::readStandardInputLine);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        return webAdmin("registry", request.method(), request.path(), request.body(), "application/json", settings, out, err);
    }

    private static int spaces(String[] args, GatewaySettings settings, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        SpacesRequest request;
        try {
            request = SpacesRequest.of(Arrays.asList(args).subList(1, args.length), GatewayAdmin::readStandardInput);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        return webAdmin("spaces", request.method(), request.path(), request.body(), request.contentType(), settings, out, err);
    }

    /** One call to the local WebAdmin with a token of five minutes at most; the answer printed, exit status 1 unless 2xx. */
    private static int webAdmin(String command, String method, String path, Optional<String> body, String contentType, GatewaySettings settings,
                                PrintStream out, PrintStream err) throws IOException, InterruptedException {
        WebAdminSettings webAdmin = WebAdminSettings.from(GatewayProperties.load(settings));
        Duration validity = Duration.ofMinutes(5).compareTo(webAdmin.maxTokenLifetime()) > 0 ? webAdmin.maxTokenLifetime() : Duration.ofMinutes(5);
        String token = WebAdminTokens.fromDataDirectory(settings, Clock.systemUTC()).issue("admin", validity);
        Properties properties = properties(settings, "webadmin.properties");
        URI uri = URI.create("http://" + properties.getProperty("host", "127.0.0.1") + ":" + properties.getProperty("port", "8000") + path);
        HttpRequest.Builder http = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
            .method(method, body.map(HttpRequest.BodyPublishers::ofString).orElse(HttpRequest.BodyPublishers.noBody()));
        body.ifPresent(any -> http.header("Content-Type", contentType));
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(http.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            err.println(command + ": the gateway's WebAdmin does not answer at " + uri.getHost() + ":" + uri.getPort()
                + " (is the gateway running, and GATEWAY_CONFIG_DIR its configuration?)");
            return 1;
        }
        (response.statusCode() / 100 == 2 ? out : err).println(response.body());
        if (response.statusCode() / 100 != 2) {
            err.println(command + ": WebAdmin answered " + response.statusCode());
            return 1;
        }
        return 0;
    }

    private static String readStandardInput() {
        try {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("-: the standard input cannot be read", e);
        }
    }

    private static String readStandardInputLine() {
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("password=-: no password on the standard input");
            }
            return line;
        } catch (IOException e) {
            throw new IllegalArgumentException("password=-: the standard input cannot be read", e);
        }
    }

    /** An argument as a shell reads it back: quoted when it holds more than letters, digits and {@code @.:=_/,+-}. */
    static String shellWord(String argument) {
        return argument.matches("[A-Za-z0-9@.:=_/,+-]+") ? argument : "'" + argument.replace("'", "'\\''") + "'";
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The James CLI arguments that reach this gateway's JMX with its generated credentials. */
    public static String[] cliArguments(GatewaySettings settings, String... command) throws IOException {
        List<String> arguments = new ArrayList<>(List.of(
            "-h", jmxAddress(settings),
            "-p", jmxPort(settings),
            "-username", FirstStart.JMX_USER,
            "-password", FirstStart.jmxPassword(settings)));
        arguments.addAll(List.of(command));
        return arguments.toArray(String[]::new);
    }

    /**
     * Verifies this gateway's audit chain, or each audit directory given (the chains of several nodes, copied from
     * their data directories: the nodes share the audit key, so this node's key checks all of them); exit status 1 if
     * any is broken.
     */
    static int auditVerify(String[] args, GatewaySettings settings, PrintStream out) {
        List<Path> directories = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            directories.add(Path.of(args[i]));
        }
        if (directories.isEmpty()) {
            directories.add(settings.dataDirectory().resolve("var").resolve("audit"));
        }
        byte[] key = FirstStart.auditKey(settings.generatedConfDirectory());
        int status = 0;
        for (Path directory : directories) {
            String name = directories.size() > 1 ? directory + ": " : "";
            if (!Files.isDirectory(directory)) {
                out.println(name + "no audit trail here (not a directory)");
                status = 1;
                continue;
            }
            AuditVerifier.Result result = new AuditVerifier(directory, key).verify(Optional.empty());
            if (result.valid()) {
                out.println(name + "audit trail valid: " + result.recordsChecked() + " records checked, last " + result.lastSeq());
            } else {
                AuditVerifier.Break broken = result.firstBreak().orElseThrow();
                out.println(name + "audit trail BROKEN at record " + broken.seq() + " (" + broken.file() + " line " + broken.line() + "): "
                    + broken.reason() + "; " + result.recordsChecked() + " records verified before it");
                status = 1;
            }
        }
        return status;
    }

    private static AuditVerifier auditVerifier(GatewaySettings settings) {
        return new AuditVerifier(settings.dataDirectory().resolve("var").resolve("audit"),
            FirstStart.auditKey(settings.generatedConfDirectory()));
    }

    private static String jmxAddress(GatewaySettings settings) throws IOException {
        return jmxProperties(settings).getProperty("jmx.address", "127.0.0.1");
    }

    private static String jmxPort(GatewaySettings settings) throws IOException {
        return jmxProperties(settings).getProperty("jmx.port", "9999");
    }

    private static Properties jmxProperties(GatewaySettings settings) throws IOException {
        return properties(settings, "jmx.properties");
    }

    private static Properties properties(GatewaySettings settings, String name) throws IOException {
        Properties properties = new Properties();
        Path file = settings.file(name);
        if (Files.exists(file)) {
            try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
        }
        return properties;
    }
}
