package org.santegateway.server.persistence.search;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The calendar date a {@code Date:} header is written with, in the sender's own zone, as IMAP's SENTON, SENTBEFORE
 * and SENTSINCE compare it (RFC 3501 §6.4.4: "disregarding time and timezone"): {@code Sun, 25 Mar 2007 00:30:00
 * +0200} is 25 March, although it is 24 March in UTC.
 *
 * <p>Reads the day, month name and year of RFC 5322 (and its obsolete forms: no day of week, comments, two- or
 * three-digit years); anything else gives no date.</p>
 */
public final class WrittenDates {
    private static final Pattern DAY_MONTH_YEAR = Pattern.compile(
        "(?:^|[\\s,(])(\\d{1,2})\\s*-?\\s*([A-Za-z]{3})[A-Za-z]*\\s*-?\\s*(\\d{2,4})(?=\\s|$)");
    private static final Map<String, Integer> MONTHS = Map.ofEntries(
        Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3), Map.entry("apr", 4),
        Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8),
        Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12));

    private WrittenDates() {
    }

    public static Optional<LocalDate> parse(String dateHeaderValue) {
        Matcher matcher = DAY_MONTH_YEAR.matcher(dateHeaderValue);
        while (matcher.find()) {
            Integer month = MONTHS.get(matcher.group(2).toLowerCase(Locale.ROOT));
            if (month == null) {
                continue;
            }
            try {
                return Optional.of(LocalDate.of(year(matcher.group(3)), month, Integer.parseInt(matcher.group(1))));
            } catch (DateTimeException invalid) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** RFC 5322 §4.3: a two-digit year below 50 is 20xx, one from 50 is 19xx; a three-digit year is added to 1900. */
    private static int year(String digits) {
        int year = Integer.parseInt(digits);
        if (digits.length() == 2) {
            return year < 50 ? 2000 + year : 1900 + year;
        }
        if (digits.length() == 3) {
            return 1900 + year;
        }
        return year;
    }
}
