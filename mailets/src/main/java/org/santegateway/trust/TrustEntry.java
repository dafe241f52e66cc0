package org.santegateway.trust;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One (domain, operator certificate) pair: the operator whose certificate has this subject may
 * deliver mail for this domain, and mail for this domain may be relayed to it.
 *
 * @param domain   the mail domain, lower-cased, without a trailing dot
 * @param operator the subject of the operator's certificate
 */
public record TrustEntry(String domain, OperatorDn operator) {
    // LDH labels of 1-63 characters, at least two labels (IDN domains appear in their A-label form).
    private static final Pattern DOMAIN = Pattern.compile(
        "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public TrustEntry {
        domain = normalizeDomain(Objects.requireNonNull(domain, "domain"));
        Objects.requireNonNull(operator, "operator");
        if (!DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("not a valid domain name");
        }
    }

    /** Parses a configured pair, e.g. from a local addition: the DN in any form {@link OperatorDn#parse} accepts. */
    public static TrustEntry of(String domain, String operatorDn) {
        return new TrustEntry(domain, OperatorDn.parse(operatorDn));
    }

    /** Case-insensitive, trailing dot ignored: how every lookup in the list compares domains. */
    static String normalizeDomain(String domain) {
        String lower = domain.strip().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
