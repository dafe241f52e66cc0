package org.santegateway.agenda;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The prevention table: its version, its sources (key to citation) and its rules in file order.
 * Shipped as {@code config/prevention-rules.txt}; the format is described in that file and read by
 * {@link #parse}. Operators replace the file when the yearly calendar is published; rule ids stay the
 * same from one version to the next, since patients' statuses are kept by id.
 */
public record PreventionRules(String version, Map<String, String> sources, List<PreventionRule> rules) {
    /** Larger than any table the calendar needs: a bigger file is a mistake, not a table. */
    public static final int MAX_BYTES = 256 * 1024;

    public PreventionRules {
        Objects.requireNonNull(version, "version");
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        rules = List.copyOf(rules);
    }

    /** Reads a table file (UTF-8, at most {@link #MAX_BYTES}). */
    public static PreventionRules load(Path file) throws PreventionRulesException {
        String name = file.getFileName().toString();
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new PreventionRulesException(name, 0, "larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PreventionRulesException(name, 0, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
            return parse(text, name);
        } catch (CharacterCodingException e) {
            throw new PreventionRulesException(name, 0, "not UTF-8");
        }
    }

    /** Reads a table; {@code name} names it in error messages. */
    public static PreventionRules parse(String text, String name) throws PreventionRulesException {
        return new PreventionRulesParser(name).parse(text);
    }

    /** The rules that apply to a patient, by id (at most one per id: same-id rules are for disjoint cohorts). */
    public Map<String, PreventionRule> rulesFor(PreventionPatient patient) {
        Map<String, PreventionRule> applicable = new LinkedHashMap<>();
        for (PreventionRule rule : rules) {
            if (rule.appliesTo(patient)) {
                applicable.put(rule.id(), rule);
            }
        }
        return applicable;
    }

    /** Whether some rule has this id (for whichever cohort). */
    public boolean defines(String ruleId) {
        return rules.stream().anyMatch(rule -> rule.id().equals(ruleId));
    }

    public Optional<String> source(String key) {
        return Optional.ofNullable(sources.get(key));
    }
}
