/**
 * The patients' medical records (DMP store): the document model, the store interface, the rules,
 * and the encryption envelope, as plain classes the mailets and the store implementations share.
 *
 * <ul>
 *   <li>Model: {@link org.santegateway.dmp.NewDocument} (what the routing files),
 *       {@link org.santegateway.dmp.DocumentMetadata} (what the store keeps), {@link org.santegateway.dmp.Ins},
 *       {@link org.santegateway.dmp.PatientIdentifier} (an identifier as a document declares it).</li>
 *   <li>Decisions: {@link org.santegateway.dmp.PatientIdentification} (file, or refuse with MSSanté
 *       code 902-905), {@link org.santegateway.dmp.DmpAccessRule} (who may list, fetch, hide, read the history),
 *       {@link org.santegateway.dmp.DocumentTypes} (supported types, content sniffing, nested archives).</li>
 *   <li>Store: {@link org.santegateway.dmp.DmpStore}; implementations live in {@code gateway/} (embedded)
 *       or in an extension (distributed).</li>
 *   <li>Crypto: {@link org.santegateway.dmp.DocumentCipher} (per-document AES-256 key wrapped by the
 *       {@link org.santegateway.dmp.MasterKey} with AES-KW; content in 64 KiB AES-GCM segments, STREAM
 *       construction; header and document id + patient as associated data), and
 *       {@link org.santegateway.dmp.ContentSpooler} (content received once, kept in memory when small,
 *       otherwise in a temporary file encrypted under an ephemeral key: no plaintext on disk).</li>
 * </ul>
 * Nothing here logs; exception messages never quote content or patient identifiers.
 */
package org.santegateway.dmp;
