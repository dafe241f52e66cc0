package org.santegateway.trust;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

/**
 * An immutable snapshot of the trust list: for each domain of the trust space, the subjects of the
 * operator certificates allowed to deliver its mail. Domains compare case-insensitively, operator
 * names as {@link OperatorDn} explains.
 *
 * <p>Built by {@link TrustListParser} from the ANS file, plus local additions; held and swapped
 * atomically by {@link ReloadingTrustList}. Remembers which entries of the file were skipped as
 * malformed, so that whoever shows the list can say so.</p>
 */
public final class TrustList implements OperatorTrust {
    private final Map<String, Set<OperatorDn>> operatorsByDomain;
    private final int entryCount;
    private final Set<OperatorDn> operators;
    private final Optional<Instant> generatedAt;
    private final Optional<Instant> latestUpdate;
    private final List<SkippedEntry> skippedEntries;

    private TrustList(Map<String, Set<OperatorDn>> operatorsByDomain, Optional<Instant> generatedAt,
                      Optional<Instant> latestUpdate, List<SkippedEntry> skippedEntries) {
        this.operatorsByDomain = operatorsByDomain;
        this.entryCount = operatorsByDomain.values().stream().mapToInt(Set::size).sum();
        Set<OperatorDn> all = new HashSet<>();
        operatorsByDomain.values().forEach(all::addAll);
        this.operators = Set.copyOf(all);
        this.generatedAt = generatedAt;
        this.latestUpdate = latestUpdate;
        this.skippedEntries = skippedEntries;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean isAllowed(String domain, X500Principal operatorSubject) {
        Objects.requireNonNull(operatorSubject, "operatorSubject");
        return isAllowed(domain, OperatorDn.of(operatorSubject));
    }

    public boolean isAllowed(String domain, OperatorDn operator) {
        Objects.requireNonNull(operator, "operator");
        return operatorsFor(domain).contains(operator);
    }

    @Override
    public boolean isKnownDomain(String domain) {
        return domain != null && operatorsByDomain.containsKey(TrustEntry.normalizeDomain(domain));
    }

    @Override
    public boolean isListedOperator(X500Principal operatorSubject) {
        return operators.contains(OperatorDn.of(Objects.requireNonNull(operatorSubject, "operatorSubject")));
    }

    /** The operators allowed for the domain; empty for a domain outside the trust space. */
    public Set<OperatorDn> operatorsFor(String domain) {
        if (domain == null) {
            return Set.of();
        }
        return operatorsByDomain.getOrDefault(TrustEntry.normalizeDomain(domain), Set.of());
    }

    public Set<String> domains() {
        return operatorsByDomain.keySet();
    }

    public int domainCount() {
        return operatorsByDomain.size();
    }

    /** Distinct (domain, operator) pairs. */
    public int entryCount() {
        return entryCount;
    }

    /** Distinct operator names over all domains. */
    public int operatorCount() {
        return operators.size();
    }

    /** {@code DateDeGeneration} of the file, when it has one. */
    public Optional<Instant> generatedAt() {
        return generatedAt;
    }

    /** The most recent {@code DateMAJ} of the entries: how fresh the content is. */
    public Optional<Instant> latestUpdate() {
        return latestUpdate;
    }

    /** The entries of the file left out as malformed, in file order; empty for a clean file. */
    public List<SkippedEntry> skippedEntries() {
        return skippedEntries;
    }

    /** This list plus the given pairs (local additions from the configuration). */
    public TrustList withAdditions(Collection<TrustEntry> additions) {
        Builder builder = new Builder();
        builder.generatedAt = generatedAt.orElse(null);
        builder.latestUpdate = latestUpdate.orElse(null);
        builder.skippedEntries.addAll(skippedEntries);
        operatorsByDomain.forEach((domain, operators) ->
            operators.forEach(operator -> builder.add(new TrustEntry(domain, operator))));
        additions.forEach(builder::add);
        return builder.build();
    }

    @Override
    public String toString() {
        return "TrustList[" + domainCount() + " domains, " + entryCount + " entries, " + skippedEntries.size() + " skipped]";
    }

    /** Collects entries; not thread-safe, used once. */
    public static final class Builder {
        private final Map<String, Set<OperatorDn>> operatorsByDomain = new HashMap<>();
        private final List<SkippedEntry> skippedEntries = new ArrayList<>();
        private Instant generatedAt;
        private Instant latestUpdate;

        private Builder() {
        }

        public Builder add(TrustEntry entry) {
            operatorsByDomain.computeIfAbsent(entry.domain(), d -> new LinkedHashSet<>()).add(entry.operator());
            return this;
        }

        /** Records an entry of the file that was left out. */
        public Builder skip(SkippedEntry entry) {
            skippedEntries.add(entry);
            return this;
        }

        /** Records an entry's {@code DateMAJ}; the list keeps the latest. */
        public Builder updatedAt(Instant instant) {
            if (latestUpdate == null || instant.isAfter(latestUpdate)) {
                latestUpdate = instant;
            }
            return this;
        }

        public Builder generatedAt(Instant instant) {
            this.generatedAt = instant;
            return this;
        }

        public TrustList build() {
            Map<String, Set<OperatorDn>> copy = new HashMap<>();
            operatorsByDomain.forEach((domain, operators) -> copy.put(domain, Set.copyOf(operators)));
            return new TrustList(Map.copyOf(copy), Optional.ofNullable(generatedAt), Optional.ofNullable(latestUpdate),
                List.copyOf(skippedEntries));
        }
    }
}
