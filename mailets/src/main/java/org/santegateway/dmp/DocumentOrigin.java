package org.santegateway.dmp;

/** Where a filed document came from, which says where its metadata came from. */
public enum DocumentOrigin {
    /** A document of an IHE XDM package: metadata from METADATA.XML (and the CDA header). */
    XDM,
    /** A bare CDA R2 document attached to a message: metadata from its header. */
    CDA,
    /** A PDF or an image attached to a message: metadata from the message (sender, date, subject). */
    MESSAGE,
    /** A PDF or an image the patient added from the webmail: metadata the patient typed. */
    PATIENT
}
