/**
 * CDA R2 documents: {@link org.santegateway.cda.CdaHeaderReader} reads the header (document code,
 * title, time, authors, patient identifiers with the INS OIDs) safely and stops at the body.
 */
package org.santegateway.cda;
