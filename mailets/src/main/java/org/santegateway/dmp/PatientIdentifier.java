package org.santegateway.dmp;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.santegateway.ins.MatriculeIns;

/**
 * A patient identifier exactly as a document declares it, before any judgement: a value and the
 * authority that assigned it (an OID, and its type, {@code ISO} for an OID).
 *
 * <p>From XDS metadata it is an HL7 v2 CX, {@code <value>^^^&<oid>&ISO} ({@link #fromCx}); from a
 * CDA header an II, {@code <id root="<oid>" extension="<value>"/>} ({@link #fromIi}).
 * {@link #toString()} does not reveal the value.</p>
 */
public record PatientIdentifier(String value, Optional<String> authorityOid, Optional<String> authorityType) {
    /** Longest value kept; a longer one is cut (it cannot be an INS anyway). */
    public static final int MAX_VALUE_LENGTH = 256;

    public PatientIdentifier {
        Objects.requireNonNull(value);
        Objects.requireNonNull(authorityOid);
        Objects.requireNonNull(authorityType);
        value = value.strip();
        if (value.length() > MAX_VALUE_LENGTH) {
            value = value.substring(0, MAX_VALUE_LENGTH);
        }
        authorityOid = authorityOid.map(String::strip).filter(oid -> !oid.isEmpty());
        authorityType = authorityType.map(String::strip).filter(type -> !type.isEmpty());
    }

    /**
     * Parses an HL7 v2 CX value as XDS carries it ({@code patientId}, {@code sourcePatientId}):
     * component 1 is the value, component 4 the assigning authority
     * {@code namespace&universalId&universalIdType}. Never fails: missing parts are empty.
     */
    public static PatientIdentifier fromCx(String cx) {
        Objects.requireNonNull(cx);
        String[] components = cx.split("\\^", -1);
        String value = components[0];
        Optional<String> oid = Optional.empty();
        Optional<String> type = Optional.empty();
        if (components.length >= 4) {
            String[] authority = components[3].split("&", -1);
            if (authority.length >= 2) {
                oid = Optional.of(authority[1]);
            }
            if (authority.length >= 3) {
                type = Optional.of(authority[2]);
            }
        }
        return new PatientIdentifier(value, oid, type);
    }

    /** An HL7 v3 II: {@code root} is the authority OID, {@code extension} the value (type ISO by construction). */
    public static PatientIdentifier fromIi(String root, String extension) {
        Optional<String> oid = Optional.ofNullable(root);
        return new PatientIdentifier(extension == null ? "" : extension, oid, oid.map(ignored -> "ISO"));
    }

    /** How this identifier stands as an INS. */
    public InsStatus insStatus() {
        Optional<InsAuthority> authority = authorityOid.flatMap(InsAuthority::ofOid);
        if (authority.isPresent()) {
            boolean typed = authorityType.map(type -> type.equalsIgnoreCase("ISO")).orElse(false);
            Optional<Ins> ins = Ins.parse(value);
            if (typed && ins.isPresent()) {
                return new InsStatus.Qualified(new QualifiedIns(ins.get(), authority.get()));
            }
            return new InsStatus.Incomplete(ins);
        }
        if (authorityOid.isEmpty() && looksLikeMatricule(value)) {
            // An INS-shaped value without the authority that qualifies it.
            return new InsStatus.Incomplete(Ins.parse(value));
        }
        return new InsStatus.NotIns();
    }

    private static boolean looksLikeMatricule(String value) {
        return value.length() == MatriculeIns.LENGTH && value.toUpperCase(Locale.ROOT).matches("[0-9]{5}(?:[0-9]{2}|2A|2B)[0-9]{8}");
    }

    @Override
    public String toString() {
        return "PatientIdentifier[value=***, authorityOid=" + authorityOid.orElse("") + "]";
    }

    /** An identifier judged as an INS. */
    public sealed interface InsStatus {
        /** A well-formed INS with its qualifying authority (INS-NIR or INS-NIA OID, type ISO). */
        record Qualified(QualifiedIns ins) implements InsStatus {
        }

        /**
         * Claims to be an INS but is defective: INS OID with a malformed value or without the ISO
         * type, or an INS-shaped value without authority. {@code value} is the matricule when it
         * is itself well formed.
         */
        record Incomplete(Optional<Ins> value) implements InsStatus {
        }

        /** Another kind of identifier (a local patient number, say): says nothing about the INS. */
        record NotIns() implements InsStatus {
        }
    }
}
