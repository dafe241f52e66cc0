package org.santegateway.dmp;

/** The master key file cannot be used; the message names the file and the defect, never the key. */
public class MasterKeyException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        MISSING, NOT_A_REGULAR_FILE, PERMISSIONS_TOO_OPEN, NO_POSIX_PERMISSIONS, MALFORMED, IO_ERROR
    }

    private final Reason reason;

    public MasterKeyException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public MasterKeyException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
