package org.santegateway.dmp;

/**
 * Why a document was not filed, as MSSanté names it in the {@code processed/error} MDN: the code
 * and fixed texts (French then English) that never quote the document or the identifier.
 */
public enum IntegrationError {
    UNKNOWN_PATIENT("902",
        "Patient inconnu : le document n'a pas été intégré.",
        "Unknown patient: the document was not filed."),
    INS_MISSING("903",
        "INS absent : le document ne porte pas l'INS du patient et n'a pas été intégré.",
        "INS missing: the document does not carry the patient's INS and was not filed."),
    INS_INCONSISTENT("904",
        "INS incohérent : l'INS du document ne correspond pas au patient destinataire ; le document n'a pas été intégré.",
        "INS inconsistent: the document's INS does not match the patient it was sent to; it was not filed."),
    INS_INCOMPLETE("905",
        "INS incomplet : l'INS du document est mal formé ou n'est pas qualifié par son OID ; le document n'a pas été intégré.",
        "INS incomplete: the document's INS is malformed or not qualified by its OID; it was not filed.");

    private final String code;
    private final String french;
    private final String english;

    IntegrationError(String code, String french, String english) {
        this.code = code;
        this.french = french;
        this.english = english;
    }

    /** The MSSanté code the MDN names (902-905). */
    public String code() {
        return code;
    }

    public String french() {
        return french;
    }

    public String english() {
        return english;
    }

    /** The human-readable part of the MDN: code, then both texts. */
    public String mdnText() {
        return code + " " + french + "\n" + code + " " + english;
    }
}
