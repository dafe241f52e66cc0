package org.santegateway.ins;

/**
 * A person's sex as the identity traits of the INS give it, or {@link #UNKNOWN} when nothing
 * says (a temporary number, a sex the source leaves undetermined).
 */
public enum Sex {
    FEMALE,
    MALE,
    UNKNOWN
}
