package org.santegateway.agenda;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the prevention table (the format is described in {@code config/prevention-rules.txt}):
 * {@code #} comments and blank lines anywhere; {@code version=} first; {@code source.<key>=} lines;
 * the header line; then one rule a line, eleven fields separated by {@code ;}. The first problem
 * stops the reading with its line.
 */
final class PreventionRulesParser {
    static final String HEADER = "id;kind;requirement;sex;born;due;until;repeat;link;source;label";
    private static final int FIELDS = 11;
    private static final int MAX_RULES = 1000;
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");
    private static final Pattern SOURCE_KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)*");
    private static final int MAX_ID = 80;
    private static final Pattern CATCH_UP = Pattern.compile("catch-up-of (\\S+)");
    private static final Pattern AFTER_LAST = Pattern.compile("after-last (\\S+) \\+(\\S+)");

    private final String name;
    private String version;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<PreventionRule> rules = new ArrayList<>();
    private final Map<String, List<PreventionRule>> byId = new HashMap<>();
    private boolean headerSeen;
    private int number;

    PreventionRulesParser(String name) {
        this.name = name;
    }

    PreventionRules parse(String text) throws PreventionRulesException {
        String[] lines = (text.startsWith("\uFEFF") ? text.substring(1) : text).split("\r?\n|\r", -1);
        for (int index = 0; index < lines.length; index++) {
            number = index + 1;
            String line = lines[index].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (version == null) {
                version(line);
            } else if (!headerSeen) {
                headerOrSource(line);
            } else {
                rule(line);
            }
        }
        number = 0;
        if (version == null) {
            throw problem("no version= line");
        }
        if (!headerSeen) {
            throw problem("no header line (" + HEADER + ")");
        }
        if (rules.isEmpty()) {
            throw problem("no rule");
        }
        return new PreventionRules(version, sources, rules);
    }

    private void version(String line) throws PreventionRulesException {
        if (!line.startsWith("version=")) {
            throw problem("the first line that is not a comment must be version=<version>");
        }
        String value = line.substring("version=".length()).strip();
        if (!VERSION.matcher(value).matches()) {
            throw problem("version '" + value + "': letters, digits, '.', '_' or '-', 40 at most");
        }
        version = value;
    }

    private void headerOrSource(String line) throws PreventionRulesException {
        if (line.startsWith("source.")) {
            int equals = line.indexOf('=');
            String key = equals < 0 ? "" : line.substring("source.".length(), equals).strip();
            String citation = equals < 0 ? "" : line.substring(equals + 1).strip();
            if (!SOURCE_KEY.matcher(key).matches()) {
                throw problem("a source line is source.<key>=<citation>, the key in lower-case letters, digits and '-'");
            }
            if (citation.isEmpty()) {
                throw problem("source." + key + " has no citation");
            }
            if (sources.putIfAbsent(key, citation) != null) {
                throw problem("source." + key + " is given twice");
            }
        } else if (line.equals(HEADER)) {
            if (sources.isEmpty()) {
                throw problem("no source.<key>= line before the header: every rule cites its source");
            }
            headerSeen = true;
        } else if (line.startsWith("version=")) {
            throw problem("version is given twice");
        } else if (line.indexOf(';') >= 0) {
            throw problem("the header line must be exactly: " + HEADER);
        } else {
            throw problem("expected source.<key>=<citation> or the header line");
        }
    }

    private void rule(String line) throws PreventionRulesException {
        if (rules.size() == MAX_RULES) {
            throw problem("more than " + MAX_RULES + " rules");
        }
        String[] fields = line.split(";", -1);
        if (fields.length != FIELDS) {
            throw problem("expected " + FIELDS + " fields (" + HEADER + "), found " + fields.length
                + (fields.length > FIELDS ? " (a label may not contain ';')" : ""));
        }
        for (int i = 0; i < fields.length; i++) {
            fields[i] = fields[i].strip();
        }
        String id = fields[0];
        if (id.length() > MAX_ID || !ID.matcher(id).matches()) {
            throw problem("id '" + id + "': lower-case letters, digits and '-', in parts separated by '.'");
        }
        PreventionKind kind = named("kind", fields[1], PreventionKind.class);
        Requirement requirement = named("requirement", fields[2], Requirement.class);
        SexFilter sex = field("sex", fields[3], text -> Arrays.stream(SexFilter.values())
            .filter(value -> value.text().equals(text)).findFirst(), "F, M or any");
        BirthCohort born = field("born", fields[4], BirthCohort::parse,
            "- or a range of birth dates, ends included: 2025-01-01.., ..2024-12-31, 2018-01-01..2024-12-31");
        Age due = field("due", fields[5], Age::parse, "an age in months or years: 2m, 11m, 25y");
        Optional<Age> until = fields[6].equals("-") ? Optional.empty()
            : Optional.of(field("until", fields[6], Age::parse, "an age in months or years, or - for life"));
        if (until.isPresent() && until.get().compareTo(due) <= 0) {
            throw problem("until " + until.get() + " is not after due " + due);
        }
        Repetition repetition = field("repeat", fields[7], Repetition::parse,
            "- or intervals then after-done or fixed-age: 2y after-done, 1y,3y after-done, 10y fixed-age");
        RuleLink link = field("link", fields[8], PreventionRulesParser::link,
            "-, catch-up-of <id> or after-last <id> +<age>");
        link(id, link);
        String source = fields[9];
        if (!sources.containsKey(source)) {
            throw problem("source '" + source + "' is not declared by a source." + source + "= line");
        }
        String label = fields[10];
        if (label.isEmpty()) {
            throw problem("no label");
        }
        PreventionRule rule = new PreventionRule(id, kind, requirement, sex, born, due, until, repetition, link, source, label, number);
        for (PreventionRule same : byId.getOrDefault(id, List.of())) {
            if (same.born().overlaps(born)) {
                throw problem("id '" + id + "' is already defined on line " + same.line()
                    + " for an overlapping birth cohort (the same id twice is for disjoint cohorts only)");
            }
        }
        byId.computeIfAbsent(id, key -> new ArrayList<>()).add(rule);
        rules.add(rule);
    }

    /** {@code -}, {@code catch-up-of <id>} or {@code after-last <id> +<age>}. */
    private static Optional<RuleLink> link(String text) {
        if (text.equals("-")) {
            return Optional.of(RuleLink.NONE);
        }
        Matcher catchUp = CATCH_UP.matcher(text);
        if (catchUp.matches()) {
            return Optional.of(new RuleLink.CatchUpOf(catchUp.group(1)));
        }
        Matcher afterLast = AFTER_LAST.matcher(text);
        if (afterLast.matches()) {
            return Age.parse(afterLast.group(2)).filter(delay -> delay.months() > 0)
                .map(delay -> new RuleLink.AfterLast(afterLast.group(1), delay));
        }
        return Optional.empty();
    }

    /** A link names a rule of an earlier line (no cycle possible); a catch-up is of a rule that does not repeat. */
    private void link(String id, RuleLink link) throws PreventionRulesException {
        Optional<String> target = link.target();
        if (target.isEmpty()) {
            return;
        }
        if (target.get().equals(id)) {
            throw problem("a rule cannot link to itself");
        }
        List<PreventionRule> targets = byId.get(target.get());
        if (targets == null) {
            throw problem("link to '" + target.get() + "', which no earlier line defines");
        }
        if (link instanceof RuleLink.CatchUpOf && targets.stream().anyMatch(PreventionRule::repeats)) {
            throw problem("catch-up-of '" + target.get() + "', a rule that repeats: a catch-up is of a single item");
        }
    }

    private <E extends Enum<E>> E named(String column, String text, Class<E> type) throws PreventionRulesException {
        E[] constants = type.getEnumConstants();
        return field(column, text, value -> Arrays.stream(constants).filter(constant -> constant.name().equals(value)).findFirst(),
            String.join(" or ", Arrays.stream(constants).map(Enum::name).toList()));
    }

    private <T> T field(String column, String text, Function<String, Optional<T>> reader, String expected)
        throws PreventionRulesException {
        Optional<T> value = reader.apply(text);
        if (value.isEmpty()) {
            throw problem(column + " '" + text + "': expected " + expected);
        }
        return value.get();
    }

    private PreventionRulesException problem(String what) {
        return new PreventionRulesException(name, number, what);
    }
}
