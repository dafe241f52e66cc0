package org.santegateway.server.dmp;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;
import org.santegateway.dmp.DmpStore;

import io.micrometer.core.instrument.MeterRegistry;

/** Test access to the DMP store of a running gateway, with the same rules the webmail meets. */
public class DmpProbe implements GuiceProbe {
    private final DmpStore store;
    private final MeterRegistry meterRegistry;

    @Inject
    DmpProbe(DmpStore store, MeterRegistry meterRegistry) {
        this.store = store;
        this.meterRegistry = meterRegistry;
    }

    public DmpStore store() {
        return store;
    }

    public double filed(String outcome, String reason) {
        var counter = meterRegistry.find("gateway.documents.filed").tag("outcome", outcome).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }
}
