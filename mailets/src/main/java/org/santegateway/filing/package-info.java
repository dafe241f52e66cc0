/**
 * Document routing: what {@code FileDocumentsInDmp} does with the attachments of a message.
 * {@link org.santegateway.filing.AttachmentFiler} reads XDM packages ({@code xdm}), bare CDA
 * documents ({@code cda}) and PDFs, identifies the patient and files each document in the
 * {@link org.santegateway.dmp.DmpStore}; {@link org.santegateway.filing.FilingNotices} words the
 * acknowledgement. It sits above {@code dmp}, {@code xdm} and {@code cda}, which know nothing of it.
 */
package org.santegateway.filing;
