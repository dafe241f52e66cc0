package org.santegateway.server.spaces;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;

import org.santegateway.ins.MatriculeIns;

/**
 * Reads an enrolment batch: CSV of {@code ins;email;postal} (a comma also separates; a first line starting with
 * {@code ins} is a header; blank lines are skipped). The INS is a matricule with its key; the e-mail a personal address
 * (may be empty when notices go by post); the postal flag {@code 1}/{@code 0}, {@code oui}/{@code non},
 * {@code true}/{@code false} or empty. Every faulty line is reported with its number and nothing is read when one is:
 * the import applies the whole batch or nothing.
 */
public final class EnrolmentImport {
    /** Lines of a batch, at most: a larger enrolment is split into several files. */
    public static final int MAX_ROWS = 100_000;

    /** One patient to enrol. */
    public record Row(int line, String ins, Optional<String> personalEmail, boolean postal) {
    }

    /** A faulty line: its number (1 for the first line of the file) and why, for the admin. */
    public record LineError(int line, String reason) {
    }

    /** The rows when the batch is right, else every error. */
    public record Parsed(List<Row> rows, List<LineError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private EnrolmentImport() {
    }

    public static Parsed parse(String text) {
        List<Row> rows = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        String[] lines = text.split("\r?\n|\r", -1);
        for (int index = 0; index < lines.length; index++) {
            int number = index + 1;
            String line = index == 0 ? stripBom(lines[index]).strip() : lines[index].strip();
            if (line.isEmpty() || (index == 0 && line.toLowerCase(Locale.ROOT).startsWith("ins"))) {
                continue;
            }
            if (rows.size() + errors.size() >= MAX_ROWS) {
                errors.add(new LineError(number, "more than " + MAX_ROWS + " lines: split the batch"));
                break;
            }
            String[] fields = line.split("[;,]", -1);
            if (fields.length < 2 || fields.length > 3) {
                errors.add(new LineError(number, "expected 3 fields: ins;email;postal"));
                continue;
            }
            String ins = fields[0].strip().toUpperCase(Locale.ROOT);
            String email = fields[1].strip();
            Optional<Boolean> postal = postal(fields.length == 3 ? fields[2].strip() : "");
            if (!MatriculeIns.isValid(ins)) {
                errors.add(new LineError(number, "not a matricule INS (15 characters with a correct key)"));
                continue;
            }
            if (postal.isEmpty()) {
                errors.add(new LineError(number, "postal flag must be 1, 0, oui, non, true, false or empty"));
                continue;
            }
            if (!email.isEmpty() && !isAddress(email)) {
                errors.add(new LineError(number, "not an e-mail address"));
                continue;
            }
            if (email.isEmpty() && !postal.get()) {
                errors.add(new LineError(number, "neither an e-mail address nor postal notices: the patient could not be told"));
                continue;
            }
            Integer first = seen.putIfAbsent(ins, number);
            if (first != null) {
                errors.add(new LineError(number, "the same INS as line " + first));
                continue;
            }
            rows.add(new Row(number, ins, email.isEmpty() ? Optional.empty() : Optional.of(email), postal.get()));
        }
        return errors.isEmpty() ? new Parsed(List.copyOf(rows), List.of()) : new Parsed(List.of(), List.copyOf(errors));
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    private static Optional<Boolean> postal(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "", "0", "non", "false", "no" -> Optional.of(false);
            case "1", "oui", "true", "yes" -> Optional.of(true);
            default -> Optional.empty();
        };
    }

    private static boolean isAddress(String value) {
        try {
            InternetAddress address = new InternetAddress(value, true);
            return address.getAddress().equals(value) && value.indexOf('@') > 0 && value.length() <= 320;
        } catch (AddressException e) {
            return false;
        }
    }
}
