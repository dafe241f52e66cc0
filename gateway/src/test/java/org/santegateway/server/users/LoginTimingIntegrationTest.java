package org.santegateway.server.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.TestTls;

/**
 * Whether an address has an account here must not show in the time a failed login takes: a wrong password for an
 * existing patient account and any password for an unknown INS are answered after the same work (the password hashed
 * either way). Measured over IMAPS (the webmail and SMTP AUTH go through the same check), a fresh address each time so
 * that the failure delays of the lockout rule are the same first delay for all. Asserted loosely: the two sets of
 * times overlap and their medians are close.
 */
class LoginTimingIntegrationTest {
    static final String PATIENTS = "patient.mssante.fr";
    static final int SAMPLES = 8;

    @TempDir
    static Path root;
    static GatewayTestServer gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayTestServer.prepare(root).start();
        gateway.data().addDomain(PATIENTS);
        for (int i = 0; i < SAMPLES; i++) {
            gateway.data().addUser(patient(1_850_575_100_000L + i), "the right password");
        }
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aFailedLoginShouldTakeAsLongForAnUnknownAccountAsForAnExistingOne() throws Exception {
        List<Long> existing = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            existing.add(failedLoginMillis(patient(1_850_575_100_000L + i)));
            unknown.add(failedLoginMillis(patient(1_850_575_200_000L + i)));
        }
        Collections.sort(existing);
        Collections.sort(unknown);

        assertThat(unknown.get(SAMPLES - 1)).as("unknown %s, existing %s", unknown, existing).isGreaterThanOrEqualTo(existing.get(0));
        assertThat(existing.get(SAMPLES - 1)).as("unknown %s, existing %s", unknown, existing).isGreaterThanOrEqualTo(unknown.get(0));
        long medianExisting = existing.get(SAMPLES / 2);
        long medianUnknown = unknown.get(SAMPLES / 2);
        assertThat(Math.abs(medianExisting - medianUnknown)).as("unknown %s, existing %s", unknown, existing)
            .isLessThanOrEqualTo(Math.max(60, medianExisting / 3));
    }

    private static long failedLoginMillis(String address) throws Exception {
        try (Socket socket = TestTls.socketFactory(gateway.testCaCertificate()).createSocket("localhost", gateway.imapsPort())) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII);
            in.readLine();
            long start = System.nanoTime();
            out.write("a1 LOGIN " + address + " \"a wrong password\"\r\n");
            out.flush();
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.startsWith("a1 "));
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            assertThat(line).startsWith("a1 NO");
            return elapsed;
        }
    }

    /** A matricule INS with its key: 13 digits, then 97 minus the number modulo 97. */
    static String patient(long thirteenDigits) {
        int key = 97 - BigInteger.valueOf(thirteenDigits).mod(BigInteger.valueOf(97)).intValue();
        return thirteenDigits + String.format("%02d", key) + "@" + PATIENTS;
    }
}
