package org.santegateway.trust;

import java.util.Objects;

/**
 * A {@code Domaine} entry of the published list that was left out: where it is and what is wrong
 * with it, never its content (the list's contact fields are personal data, and an operator finds
 * the entry in the file by its position).
 *
 * @param index   its position among the {@code Domaine} elements, from 1
 * @param line    the line of the file where it starts, or -1 when unknown
 * @param problem what is wrong, e.g. "Nom is an e-mail address, not a domain name"
 */
public record SkippedEntry(int index, int line, String problem) {
    public SkippedEntry {
        Objects.requireNonNull(problem, "problem");
    }

    /** "entry 1799 (line 12590): DNCertificatOperateur is not a valid distinguished name" */
    @Override
    public String toString() {
        return "entry " + index + (line >= 0 ? " (line " + line + ")" : "") + ": " + problem;
    }
}
