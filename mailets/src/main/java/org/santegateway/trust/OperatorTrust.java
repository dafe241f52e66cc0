package org.santegateway.trust;

import javax.security.auth.x500.X500Principal;

/**
 * The questions the SMTP layer asks the trust space. The inter-operator SMTP hook asks
 * {@link #isAllowed} with the domain of the sender (or of the recipients it relays for) and the
 * subject of the client certificate of the TLS session; remote delivery asks
 * {@link #isKnownDomain} before relaying to a domain.
 *
 * <p>The list names operators, it does not authenticate them: the TLS layer must already have
 * validated the client certificate's chain (IGC-Santé anchors, revocation) before its subject is
 * looked up here.</p>
 */
public interface OperatorTrust {
    /** Whether the operator whose certificate has this subject may deliver mail for the domain. */
    boolean isAllowed(String domain, X500Principal operatorSubject);

    /** Whether the domain belongs to the trust space. */
    boolean isKnownDomain(String domain);

    /** Whether the certificate subject is that of an operator listed for at least one domain. */
    boolean isListedOperator(X500Principal operatorSubject);
}
