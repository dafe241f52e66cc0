package org.santegateway.dmp;

import java.util.Locale;

/** What an actor did (or tried to do) with a patient's record. */
public enum AccessAction {
    FILE, LIST, FETCH, HIDE, SHOW, READ_HISTORY, DELETE;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
