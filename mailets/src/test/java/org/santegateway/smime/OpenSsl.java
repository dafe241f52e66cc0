package org.santegateway.smime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code openssl} command as the independent S/MIME peer. The test command
 * ({@code ./run-tests}) installs it when it is missing.
 */
final class OpenSsl {
    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private OpenSsl() {
    }

    static Result run(Path workingDirectory, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("openssl is not installed: run ./run-tests, which installs it", e);
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("openssl did not finish: " + String.join(" ", command));
        }
        return new Result(process.exitValue(), output);
    }

    static Result runOrFail(Path workingDirectory, String... arguments) throws IOException, InterruptedException {
        Result result = run(workingDirectory, arguments);
        if (!result.succeeded()) {
            throw new AssertionError("openssl " + String.join(" ", arguments) + " failed:\n" + result.output());
        }
        return result;
    }
}
