package org.santegateway.dmp;

import java.util.Objects;
import java.util.Optional;

/**
 * A code from a code system, as XDS and CDA carry them: a document type (LOINC,
 * {@code 2.16.840.1.113883.6.1}), a confidentiality code ({@code 2.16.840.1.113883.5.25}).
 */
public record CodedValue(String code, String codeSystem, Optional<String> displayName) {
    public static final String LOINC = "2.16.840.1.113883.6.1";

    public CodedValue {
        Objects.requireNonNull(code);
        Objects.requireNonNull(codeSystem);
        Objects.requireNonNull(displayName);
        if (code.isBlank()) {
            throw new IllegalArgumentException("empty code");
        }
    }

    public static CodedValue of(String code, String codeSystem) {
        return new CodedValue(code, codeSystem, Optional.empty());
    }
}
