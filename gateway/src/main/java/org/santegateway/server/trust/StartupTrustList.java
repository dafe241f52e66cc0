package org.santegateway.server.trust;

import java.util.Objects;

import org.santegateway.trust.TrustListConfiguration;
import org.santegateway.trust.TrustListLoader.LoadedTrustList;

/**
 * The trust list the start-up check read before James started, with the configuration it was
 * read for: {@link TrustListModule} takes it over when its own configuration is the same and the
 * file did not change since, so that a start parses the national list once.
 */
public record StartupTrustList(TrustListConfiguration configuration, LoadedTrustList loaded) {
    public StartupTrustList {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(loaded, "loaded");
    }
}
