/**
 * The MSSanté trust list ("liste blanche"): which operator, identified by the subject of its TLS
 * client certificate, may deliver mail for which domain of the trust space.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * ReloadingTrustList trustList = ReloadingTrustList.start(
 *     TrustListConfiguration.of(Path.of("/var/lib/gateway/liste-blanche.xml")),   // + liste-blanche.xml.sha256
 *     clock, scheduler);                                  // throws TrustListException: do not start
 * trustList.isAllowed(senderDomain, clientCertificate.getSubjectX500Principal());  // SMTP hook
 * trustList.isKnownDomain(recipientDomain);               // remote delivery
 * trustList.reload();                                     // WebAdmin route; forceReload() bypasses the shrink guard
 * trustList.status();                                     // health check: loadedAt, latest DateMAJ, counts, skipped entries, last rejection
 * }</pre>
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li><b>Distinguished names</b> ({@link org.santegateway.trust.OperatorDn}): compared RDN by
 *   RDN in the JDK's canonical form (case, spaces, Unicode normalisation and ASN.1 string type
 *   ignored), <i>in any order</i>: the ANS list writes {@code CN=...,OU=...,O=...,ST=...,C=FR}
 *   (RFC 2253 order) while a certificate may encode C first or CN first, and tools print either.
 *   An extra or missing attribute is a different name. The OpenSSL one-line form
 *   ({@code /C=FR/.../CN=...}) and the Windows keywords {@code S=} and {@code E=} are accepted.
 *   The real extract writes each operator's name one way only (35 distinct names, 35 canonical).</li>
 *   <li><b>Checksum</b>: by default a side file {@code <file>.sha256} in {@code sha256sum} format,
 *   written by the download job next to the list; a half-written or corrupted download fails the
 *   check and is not used, and updates need no configuration change. A checksum pinned in the
 *   configuration is also possible (a frozen list), or none. The side file guards against
 *   accidents, not against someone who can write both files: the list's authenticity is the
 *   download channel's (HTTPS to the ANS) business.</li>
 *   <li><b>Never empty by accident</b>: the first load failing is a startup error; afterwards a
 *   file that is unreadable, too large, malformed, of the wrong root or namespace, empty, failing
 *   its checksum, with more than
 *   {@link org.santegateway.trust.TrustListConfiguration#DEFAULT_MAX_DROPPED_FRACTION 25%} of its
 *   entries malformed, or dropping more than 25% of the domains at once is refused with one WARN
 *   line (file, reason, position; no content) and the last good list stays in force. An admin can
 *   force a large drop with {@link org.santegateway.trust.ReloadingTrustList#forceReload()}.</li>
 *   <li><b>Malformed entries are skipped, not fatal</b>: the list as the ANS publishes it has a few
 *   (the list of 2025-03-13: a {@code Nom} that is an e-mail address; DNs with a bare {@code "}
 *   inside a value, which {@link org.santegateway.trust.OperatorDn#parseLenient} reads as the
 *   certificate spells them). Refusing the whole file for them would keep the gateway from starting
 *   and from ever taking a newer list. A skipped entry is named by position in one WARN line per
 *   loaded file and counted in the status (health check, gauge, WebAdmin); its domain is not
 *   trusted for that operator (fail closed).</li>
 *   <li><b>Parsing</b>: StAX from the JDK, no DTD (a DOCTYPE is refused outright: no entity,
 *   external or internal, is ever expanded), input bounded.</li>
 *   <li><b>Local additions</b> (configured pairs) are added after parsing; the shrink guard looks at
 *   the published domains only.</li>
 * </ul>
 */
package org.santegateway.trust;
