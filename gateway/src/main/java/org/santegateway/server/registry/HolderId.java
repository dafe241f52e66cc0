package org.santegateway.server.registry;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The national identifier of a mailbox's holder, as the Annuaire Santé writes it, checked by shape only (no key
 * is verified, no directory consulted):
 * <ul>
 *     <li>a practitioner ({@link MailboxKind#PER}): the {@code idNatPs}, {@code 8} + RPPS number (11 digits,
 *     12 characters in all) or {@code 0} + ADELI number (9 characters, digits or 2A/2B for Corsica);</li>
 *     <li>a structure ({@link MailboxKind#ORG}, {@code APP}, {@code CAB}): the {@code idNatSt}, {@code 1} + FINESS
 *     (9 characters) or {@code 3} + SIRET (14 digits). A bare FINESS or SIRET is accepted and given its prefix.</li>
 * </ul>
 * A personal identifier: it goes in the directory export (that is its purpose) but never in logs or audit records in
 * clear.
 *
 * @param value the identifier with its prefix, e.g. {@code 810003456789} or {@code 1754567860}
 */
public record HolderId(String value) {
    private static final Pattern RPPS = Pattern.compile("8\\d{11}");
    private static final Pattern ADELI = Pattern.compile("0[0-9][0-9AB]\\d{7}");
    private static final Pattern FINESS = Pattern.compile("[0-9][0-9AB]\\d{7}");
    private static final Pattern SIRET = Pattern.compile("\\d{14}");

    public HolderId {
        Objects.requireNonNull(value);
    }

    /** The identifier of a holder of a mailbox of this kind, or {@link IllegalArgumentException} saying what is expected. */
    public static HolderId parse(MailboxKind kind, String raw) {
        String value = raw == null ? "" : raw.trim().toUpperCase(java.util.Locale.ROOT);
        if (kind.heldByPractitioner()) {
            if (RPPS.matcher(value).matches() || ADELI.matcher(value).matches()) {
                return new HolderId(value);
            }
            throw new IllegalArgumentException("the holder of a PER mailbox is a practitioner's national id: 8 followed by the 11-digit RPPS number, or 0 followed by the ADELI number");
        }
        if (FINESS.matcher(value).matches()) {
            return new HolderId("1" + value);
        }
        if (SIRET.matcher(value).matches()) {
            return new HolderId("3" + value);
        }
        if (value.length() == 10 && value.startsWith("1") && FINESS.matcher(value.substring(1)).matches()
            || value.length() == 15 && value.startsWith("3") && SIRET.matcher(value.substring(1)).matches()) {
            return new HolderId(value);
        }
        throw new IllegalArgumentException("the holder of a " + kind + " mailbox is a structure: its FINESS (9 characters) or SIRET (14 digits), optionally with its national prefix (1 + FINESS, 3 + SIRET)");
    }

    /** Whether this identifies a structure by its FINESS number ({@code 1} + FINESS). */
    public boolean isFiness() {
        return value.length() == 10 && value.startsWith("1");
    }

    /** Whether this identifies a structure by its SIRET number ({@code 3} + SIRET). */
    public boolean isSiret() {
        return value.length() == 15 && value.startsWith("3");
    }

    /** Whether this is a practitioner's id based on the RPPS ({@code 8} + RPPS). */
    public boolean isRpps() {
        return value.length() == 12 && value.startsWith("8");
    }

    /** The number without its national prefix (the RPPS, ADELI, FINESS or SIRET number). */
    public String number() {
        return value.substring(1);
    }

    @Override
    public String toString() {
        return "HolderId[" + value.length() + " characters]";
    }
}
