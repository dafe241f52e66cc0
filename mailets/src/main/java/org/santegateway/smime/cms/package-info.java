/**
 * The CMS layer of the S/MIME engine: the primitives Bouncy Castle's CMS generators and parsers
 * run on, and the algorithms inbound messages may use.
 *
 * <ul>
 *   <li>{@link org.santegateway.smime.cms.JcaProviders}: where AES, RSA and SHA come from (the
 *   JDK's providers, asked for by name; a private Bouncy Castle instance only for RSASSA-PSS
 *   verification).</li>
 *   <li>{@link org.santegateway.smime.cms.JdkContentSigner},
 *   {@link org.santegateway.smime.cms.JdkContentEncryptor} (outbound) and
 *   {@link org.santegateway.smime.cms.JdkKeyTransRecipient} (inbound): Bouncy Castle operators
 *   over the JDK's ciphers and signatures.</li>
 *   <li>{@link org.santegateway.smime.cms.AlgorithmPolicy}: the inbound allow-lists; what it
 *   refuses is an {@link org.santegateway.smime.cms.AlgorithmRefusedException}, which the engine
 *   turns into its typed refusal.</li>
 * </ul>
 *
 * <p>Nothing here knows messages, MIME or the engine's outcomes: the engine
 * ({@code org.santegateway.smime}) uses this package, never the reverse (checked by
 * {@code ArchitectureTest}).</p>
 */
package org.santegateway.smime.cms;
