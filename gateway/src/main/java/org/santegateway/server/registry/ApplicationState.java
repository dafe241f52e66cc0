package org.santegateway.server.registry;

/**
 * Where a certified application stands in the catalogue. Only a {@code REFERENCED} application's mailboxes may sign
 * in; {@code SUSPENDED} goes back to {@code REFERENCED} at will; {@code WITHDRAWN} is final.
 */
public enum ApplicationState {
    REFERENCED, SUSPENDED, WITHDRAWN;

    public boolean mayBecome(ApplicationState target) {
        return this != WITHDRAWN || target == WITHDRAWN;
    }
}
