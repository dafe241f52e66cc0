package org.santegateway.server.spaces;

import java.time.Instant;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;

/** The patient spaces of a test gateway: their clock-driven transitions run at a time the test chooses. */
public class SpacesProbe implements GuiceProbe {
    private final PatientSpaces spaces;

    @Inject
    SpacesProbe(PatientSpaces spaces) {
        this.spaces = spaces;
    }

    public PatientSpaces.Run runAt(Instant at) {
        return spaces.runOnce(at);
    }

    public PatientSpaces spaces() {
        return spaces;
    }
}
