package org.santegateway.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** openssl s_client as an independent TLS peer, for what a Java client cannot be made to offer. */
public final class OpenSsl {
    public record Result(boolean handshakeSucceeded, String output) {
    }

    private OpenSsl() {
    }

    public static Result connect(int port, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("openssl did not finish: " + output);
        }
        boolean negotiated = output.contains("Cipher is ") && !output.contains("Cipher is (NONE)");
        return new Result(process.exitValue() == 0 && negotiated, output);
    }
}
