/**
 * The S/MIME engine: plain classes the security mailets call with {@code javax.mail} messages.
 * This package holds the engine ({@link org.santegateway.smime.SmimeInbound},
 * {@link org.santegateway.smime.SmimeOutbound}) and its outcomes; it builds on {@code smime.cms}
 * (the algorithm policy and the CMS primitives on the JDK), {@code smime.mime} (MIME byte
 * plumbing: canonical form, entities, buffers) and {@code smime.certificates} (whom to encrypt to,
 * keys held, what signers announced), which do not depend on it, and on {@code pki} for
 * certificate paths.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * // outbound
 * if (!SmimeDetector.detect(message).isProtected()) {           // already protected by the client: pass through
 *     EncryptionRecipient to = directory.findEncryptionRecipient(recipient).orElseThrow(...);
 *     MimeMessage out = outbound.signAndEncrypt(message, domainSigningIdentity, List.of(to));
 * }                                                             // SmimeException: failure() + identifiers-only detail
 * // inbound
 * SmimeResult result = inbound.unwrap(message, decryptionKeys);
 * switch on result: Unwrapped(message, layers, signer, contentEncryption) | Refused(failure, detail)
 * directory.learn(signer);                                      // replies can then be encrypted to the sender,
 *                                                               // in what its SMIMECapabilities announced
 * }</pre>
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li><b>Algorithms out</b>: signatures SHA-256 with RSA (or RSASSA-PSS), never SHA-1; content
 *   AES-256-GCM in AuthEnvelopedData (RFC 5083/5084), or AES-256-CBC in EnvelopedData when a
 *   recipient needs it (one content encryption per message, so one such recipient makes the whole
 *   message CBC); key transport RSA-OAEP with SHA-256 and MGF1-SHA-256, or PKCS#1 v1.5 per
 *   recipient. Keys of at least 2048 bits; signer and recipient certificates must be valid now and
 *   allow the use (key usage, extended key usage email protection when present).</li>
 *   <li><b>Algorithms in</b> ({@link org.santegateway.smime.cms.AlgorithmPolicy}): allow-lists.
 *   SHA-256/384/512 digests; RSA, RSASSA-PSS, ECDSA signatures; AES-CBC and AES-GCM (GCM only in
 *   AuthEnvelopedData); RSA PKCS#1 v1.5 and OAEP key transport (PKCS#1 v1.5 decryption failures
 *   are hidden per RFC 3218). SHA-1/MD5, 3DES/DES/RC2/RC4 and RSA under 2048 bits are refused as
 *   {@code WEAK_ALGORITHM}; anything else unknown as {@code UNSUPPORTED}.</li>
 *   <li><b>Revocation: fail closed</b> ({@link org.santegateway.pki.RevocationPolicy#REQUIRE_CRL}):
 *   every certificate under the anchor needs a current CRL from its issuer among the configured
 *   ones; missing or expired CRL gives {@code REVOCATION_UNKNOWN}, a temporary failure (quarantine
 *   and retry once the CRL is refreshed) rather than a silent acceptance. No network fetch (CRL
 *   distribution points, OCSP) in the message path. The path is validated at the time of
 *   reception (not the claimed signing time).</li>
 *   <li><b>Primitives on the JDK</b> ({@link org.santegateway.smime.cms.JcaProviders}): Bouncy Castle
 *   builds and parses the CMS and ASN.1; the JDK's SunJCE/SunRsaSign/SUN do AES, RSA and SHA
 *   (AES-GCM 20-40x faster than Bouncy Castle's pure Java); no provider is registered in the JVM.
 *   The exception: RSASSA-PSS signature <i>verification</i> uses a private Bouncy Castle provider
 *   instance, as Bouncy Castle's verifier cannot drive the JDK's PSS.</li>
 *   <li><b>Streaming</b>: outbound, the content is read once and flows in 64 KB chunks through
 *   the canonicaliser, the digest and the cipher into the result's buffer, which the returned
 *   message shares (no copy, no re-parse); inbound, the ciphertext is decoded and decrypted as a
 *   stream, the plaintext held once and shared by the result (the signed part of a
 *   multipart/signed is a slice of it, found by exact byte ranges so that no MIME re-serialisation
 *   can break the signature).</li>
 *   <li><b>Headers</b>: the non-{@code Content-*} headers (From, To, Subject, Message-ID) stay
 *   outside the signature and the envelope, as S/MIME 4.0 does; the Subject is therefore visible
 *   to relays.</li>
 * </ul>
 */
package org.santegateway.smime;
