package org.santegateway.audit;

/**
 * Keyed pseudonyms for identifiers that must not appear in clear in the audit trail or the logs
 * (addresses, patient identifiers), but must still link the records about one person: the same
 * identifier always gives the same pseudonym, and without the key nobody can test a guess (a
 * matricule INS has too few possible values for an unkeyed hash to hide it).
 */
public interface Pseudonyms {
    String of(String identifier);
}
