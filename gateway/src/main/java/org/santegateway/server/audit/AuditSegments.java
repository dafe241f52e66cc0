package org.santegateway.server.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of the audit trail in its directory: one JSON-lines segment per UTC month
 * ({@code audit-2026-11.jsonl}), so that retention removes whole files, and the checkpoint the
 * retention job leaves ({@code checkpoint.json}).
 */
final class AuditSegments {
    static final String CHECKPOINT = "checkpoint.json";
    private static final Pattern SEGMENT = Pattern.compile("audit-(\\d{4}-\\d{2})\\.jsonl");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");

    private final Path directory;

    AuditSegments(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    Path segmentFor(Instant time) {
        return directory.resolve("audit-" + MONTH.format(YearMonth.from(time.atZone(ZoneOffset.UTC))) + ".jsonl");
    }

    Path checkpoint() {
        return directory.resolve(CHECKPOINT);
    }

    static Optional<YearMonth> month(Path segment) {
        Matcher matcher = SEGMENT.matcher(segment.getFileName().toString());
        return matcher.matches() ? Optional.of(YearMonth.parse(matcher.group(1), MONTH)) : Optional.empty();
    }

    /** Segments, oldest first. */
    List<Path> list() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> month(file).isPresent())
                .sorted()
                .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the audit trail in " + directory, e);
        }
    }
}
