package org.santegateway.notices;

import org.apache.mailet.AttributeName;

/**
 * A notice the gateway writes to a patient's personal address outside the trust space (a new message waits, their
 * space is about to open...): fixed texts, never health data. Such a mail carries {@link #ATTRIBUTE}, which only the
 * gateway's own code sets (nothing received over SMTP or from the webmail carries mail attributes); it is the only
 * thing that opens the path to the outside world ({@code IsPersonalNotice}).
 */
public final class PersonalNotice {
    /** Marks a personal notice; its value is the kind of notice (a short identifier such as {@code new-message}). */
    public static final AttributeName ATTRIBUTE = AttributeName.of("org.santegateway.outside-notice");

    private PersonalNotice() {
    }
}
