package org.santegateway.server.startup;

/**
 * A startup refusal an operator can act on: the message names the file and the setting at fault.
 * The gateway prints it on one line, without a stack trace.
 */
public class StartupFailure extends RuntimeException {
    public StartupFailure(String message) {
        super(message);
    }

    public StartupFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public static StartupFailure of(String file, String setting, String problem) {
        return new StartupFailure(file + ": " + setting + ": " + problem);
    }
}
