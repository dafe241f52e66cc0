package org.santegateway.dmp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * What encrypting message content at rest would cost per message, with keys as for the DMP: a fresh
 * AES-256 data key per message wrapped by the master key, then segmented AES-256-GCM over the
 * message ({@link DocumentCipher}), as an encrypting message store under the mailbox would do on
 * every append and every read. CPU only (the ciphertext goes to memory): the disk writes are the
 * same bytes plus 80 of envelope. Not a test (surefire does not run it). Run after
 * {@code mvn test-compile}:
 *
 * <pre>
 * cd mailets && taskset -c 0 java -cp "target/test-classes:target/classes:$(cat cp.txt)" \
 *     org.santegateway.dmp.MessageAtRestBenchmark [seconds per case, default 3]
 * </pre>
 * (with {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}). Prints, for 10 KB and
 * 100 KB messages, the median over five rounds of microseconds per message to encrypt (append) and
 * to decrypt (read), with the throughput.
 */
public final class MessageAtRestBenchmark {
    private static final int ROUNDS = 5;
    private static volatile long sink;

    private MessageAtRestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        DocumentCipher cipher = new DocumentCipher(MasterKey.generate());
        DocumentAad aad = new DocumentAad(DocumentId.random(), new Ins(org.santegateway.cda.CdaFixtures.INS));
        System.out.printf(Locale.ROOT, "Java %s, %s, %d available processor(s)%n", System.getProperty("java.version"),
            System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors());
        for (int size : new int[] {10 * 1024, 100 * 1024}) {
            byte[] message = new byte[size];
            new Random(size).nextBytes(message);
            byte[] sealed = encrypt(cipher, message, aad);
            run(size / 1024 + " KB encrypt (append)", size, seconds, () -> sink += encrypt(cipher, message, aad).length);
            run(size / 1024 + " KB decrypt (read)", size, seconds, () -> sink += decrypt(cipher, sealed, aad));
        }
    }

    private static byte[] encrypt(DocumentCipher cipher, byte[] message, DocumentAad aad) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 128);
        cipher.encrypt(new ByteArrayInputStream(message), out, aad);
        return out.toByteArray();
    }

    private static long decrypt(DocumentCipher cipher, byte[] sealed, DocumentAad aad) throws IOException {
        try (InputStream in = cipher.decryptingStream(new ByteArrayInputStream(sealed), aad)) {
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }

    @FunctionalInterface
    private interface Case {
        void run() throws Exception;
    }

    private static void run(String name, int size, double seconds, Case work) throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            work.run();
        }
        double[] micros = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9 / ROUNDS);
            long count = 0;
            long now;
            do {
                work.run();
                count++;
                now = System.nanoTime();
            } while (now < end);
            micros[round] = (now - start) / 1e3 / count;
        }
        Arrays.sort(micros);
        double median = micros[ROUNDS / 2];
        System.out.printf(Locale.ROOT, "%-24s %8.1f us/message [%.1f-%.1f]  %7.0f MB/s%n", name, median, micros[0], micros[ROUNDS - 1],
            size / median);
    }
}
