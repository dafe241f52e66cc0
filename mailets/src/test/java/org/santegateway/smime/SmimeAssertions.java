package org.santegateway.smime;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on {@link SmimeResult}s with readable failures. */
final class SmimeAssertions {
    private SmimeAssertions() {
    }

    static SmimeResult.Unwrapped assertUnwrapped(SmimeResult result) {
        assertThat(result).as("expected the message to be opened, got %s", result).isInstanceOf(SmimeResult.Unwrapped.class);
        return (SmimeResult.Unwrapped) result;
    }

    static SmimeResult.Refused assertRefused(SmimeResult result, SmimeFailure failure) {
        assertThat(result).as("expected a refusal %s, got %s", failure, result).isInstanceOf(SmimeResult.Refused.class);
        SmimeResult.Refused refused = (SmimeResult.Refused) result;
        assertThat(refused.failure()).as(refused.detail()).isEqualTo(failure);
        assertThat(refused.detail()).doesNotContain("\n").doesNotContain("Bonjour").doesNotContain("compte rendu");
        return refused;
    }
}
