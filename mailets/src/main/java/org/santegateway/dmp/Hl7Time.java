package org.santegateway.dmp;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HL7 dates as XDS ({@code creationTime}, DTM in UTC) and CDA ({@code effectiveTime}, TS with an
 * optional offset) write them: {@code YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-HHMM]}. Missing parts take
 * their lowest value; no offset means UTC (XDS says so; for CDA it is the best guess).
 */
public final class Hl7Time {
    private static final Pattern FORMAT = Pattern.compile(
        "(\\d{4})(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(?:\\.\\d{1,4})?([+-]\\d{4})?");

    private Hl7Time() {
    }

    /** The instant, or empty when {@code value} is not an HL7 date (or not a real date). */
    public static Optional<Instant> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(value.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), number(m.group(2), 1), number(m.group(3), 1),
                number(m.group(4), 0), number(m.group(5), 0), number(m.group(6), 0));
            ZoneOffset offset = m.group(7) == null ? ZoneOffset.UTC
                : ZoneOffset.ofHoursMinutes(Integer.parseInt(m.group(7).substring(0, 3)),
                    Integer.parseInt(m.group(7).charAt(0) + m.group(7).substring(3)));
            return Optional.of(local.toInstant(offset));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static int number(String group, int absent) {
        return group == null ? absent : Integer.parseInt(group);
    }
}
