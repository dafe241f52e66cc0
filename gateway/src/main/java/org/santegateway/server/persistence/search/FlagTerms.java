package org.santegateway.server.persistence.search;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.mail.Flags;

/** How James's Lucene index spells flags as terms (it writes \Seen as "\FLAG"); the index keeps that spelling. */
public final class FlagTerms {
    private FlagTerms() {
    }

    public static String term(Flags.Flag flag) {
        if (Flags.Flag.ANSWERED.equals(flag)) {
            return "\\ANSWERED";
        }
        if (Flags.Flag.DELETED.equals(flag)) {
            return "\\DELETED";
        }
        if (Flags.Flag.DRAFT.equals(flag)) {
            return "\\DRAFT";
        }
        if (Flags.Flag.FLAGGED.equals(flag)) {
            return "\\FLAGGED";
        }
        if (Flags.Flag.RECENT.equals(flag)) {
            return "\\RECENT";
        }
        if (Flags.Flag.SEEN.equals(flag)) {
            return "\\FLAG";
        }
        return flag.toString();
    }

    public static Optional<Flags.Flag> systemFlag(String term) {
        return switch (term) {
            case "\\ANSWERED" -> Optional.of(Flags.Flag.ANSWERED);
            case "\\DELETED" -> Optional.of(Flags.Flag.DELETED);
            case "\\DRAFT" -> Optional.of(Flags.Flag.DRAFT);
            case "\\FLAGGED" -> Optional.of(Flags.Flag.FLAGGED);
            case "\\RECENT" -> Optional.of(Flags.Flag.RECENT);
            case "\\FLAG" -> Optional.of(Flags.Flag.SEEN);
            default -> Optional.empty();
        };
    }

    /** The terms written for these flags. */
    public static Set<String> terms(Flags flags) {
        Set<String> terms = new HashSet<>();
        for (Flags.Flag flag : flags.getSystemFlags()) {
            terms.add(term(flag));
        }
        terms.addAll(List.of(flags.getUserFlags()));
        return terms;
    }
}
