package org.santegateway.dmp;

/**
 * The store could not do its job (storage unavailable, corrupted ciphertext...): never an access
 * refusal, which is an {@link AccessOutcome}. {@link #isTemporary()} says whether retrying may help.
 * The message names no patient and no document content.
 */
public class DmpStoreException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean temporary;

    public DmpStoreException(String message, boolean temporary, Throwable cause) {
        super(message, cause);
        this.temporary = temporary;
    }

    public boolean isTemporary() {
        return temporary;
    }
}
