package org.santegateway.server.testing;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The gateway's Micrometer registry, for tests that check what was counted. */
public class MeterRegistryProbe implements GuiceProbe {
    private final MeterRegistry registry;

    @Inject
    MeterRegistryProbe(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The count of a counter with these tags (name, value pairs), 0 when nothing was counted yet. */
    public double count(String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
