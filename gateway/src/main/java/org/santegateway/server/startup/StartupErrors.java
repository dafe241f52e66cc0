package org.santegateway.server.startup;

import java.net.BindException;
import java.util.HashSet;
import java.util.Set;

import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * Turns whatever stopped James from starting into one line for the operator. Guice wraps the
 * cause several times; the message that helps is that of the innermost meaningful exception.
 */
public final class StartupErrors {
    private StartupErrors() {
    }

    public static String describe(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        Throwable current = failure;
        String configurationProblem = null;
        while (current != null && seen.add(current)) {
            if (current instanceof StartupFailure) {
                return current.getMessage();
            }
            if (current instanceof BindException) {
                return "a listener could not open its port (" + current.getMessage()
                    + "): check <bind> in smtpserver.xml and imapserver.xml, port in webadmin.properties and jmx.port in jmx.properties";
            }
            if (current instanceof com.google.inject.CreationException creation) {
                Throwable cause = firstCause(creation.getErrorMessages());
                if (cause == null) {
                    return "startup failed: " + firstLine(creation.getErrorMessages().iterator().next().getMessage());
                }
                current = cause;
                continue;
            }
            if (current instanceof com.google.inject.ProvisionException provision) {
                Throwable cause = firstCause(provision.getErrorMessages());
                if (cause == null) {
                    return "startup failed: " + firstLine(provision.getErrorMessages().iterator().next().getMessage());
                }
                current = cause;
                continue;
            }
            if (current instanceof ConfigurationException && configurationProblem == null) {
                configurationProblem = "configuration error: " + current.getMessage();
            }
            if (current.getCause() == null) {
                break;
            }
            current = current.getCause();
        }
        if (configurationProblem != null) {
            return configurationProblem;
        }
        Throwable root = current == null ? failure : current;
        return "startup failed: " + root.getClass().getSimpleName() + ": " + firstLine(root.getMessage());
    }

    private static Throwable firstCause(java.util.Collection<com.google.inject.spi.Message> messages) {
        return messages.stream()
            .map(com.google.inject.spi.Message::getCause)
            .filter(java.util.Objects::nonNull)
            .findFirst()
            .orElse(null);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline);
    }
}
