package org.santegateway.notices;

import org.apache.james.core.MailAddress;

/** Where the gateway records that a personal address refused a notice for good (the patient is shown it). */
public interface PersonalAddressFailures {
    /** The remote server refused {@code address} permanently. */
    void failed(MailAddress address);
}
