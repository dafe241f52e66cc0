package org.santegateway.server.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.santegateway.audit.AuditEvent;

/**
 * Audit records per second with the HMAC chain and a forced write per record, on one thread, and
 * from 8 threads sharing forces (group commit), and the time to verify them. Not a test: {@code java -cp ... org.santegateway.server.audit.AuditTrailBenchmark [records]}.
 */
public final class AuditTrailBenchmark {
    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        byte[] key = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Path directory = Files.createTempDirectory("audit-bench");
        try (ChainedAuditTrail trail = new ChainedAuditTrail(directory, key, Clock.systemUTC())) {
            AuditEvent event = new AuditEvent(Instant.now(), "PROFESSIONAL", "0123456789abcdef", "conversation.message",
                List.of("message:" + "ab".repeat(32), "conversation:3f2b8c1e-0000-4000-8000-000000000000"), "opened", Optional.empty());
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                trail.record(event);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%d records appended in %.2f s: %.0f records/s%n", records, seconds, records / seconds);
            int threads = 8;
            java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(threads);
            java.util.List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                futures.add(executor.submit(() -> {
                    for (int i = 0; i < records / threads; i++) {
                        trail.record(event);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> future : futures) {
                future.get();
            }
            executor.shutdown();
            seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%d records appended by %d threads in %.2f s: %.0f records/s%n", records, threads, seconds, records / seconds);
            start = System.nanoTime();
            AuditVerifier.Result result = new AuditVerifier(directory, key).verify(Optional.empty());
            seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("verified %d records (valid=%s) in %.2f s: %.0f records/s%n", result.recordsChecked(), result.valid(), seconds,
                result.recordsChecked() / seconds);
        }
    }
}
