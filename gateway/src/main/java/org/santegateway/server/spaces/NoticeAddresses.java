package org.santegateway.server.spaces;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;

/**
 * Where the patient is told of new messages (the webmail's notification addresses): at activation, the personal address
 * the activation code was sent to becomes it, confirmed (typing the code proved the patient reads that mailbox).
 */
@FunctionalInterface
public interface NoticeAddresses {
    void confirmed(Username patient, MailAddress personal);
}
