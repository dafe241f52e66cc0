package org.santegateway.trust;

import java.nio.file.Path;

/** A CRL file that cannot be used: unreadable, not a CRL, not signed by a known CA, older than the one in force. */
public final class CrlException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public CrlException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
