package org.santegateway.smtp;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * Reads the {@code <commands>} parameter shared by our SMTP command handlers: a comma separated
 * list of SMTP verbs that James itself implements (a verb without a James handler behind ours
 * would leave the client without an answer).
 */
final class CommandList {
    static final String COMMANDS = "commands";
    private static final Set<String> SUPPORTED = Set.of("AUTH", "MAIL", "RCPT", "DATA", "VRFY", "EXPN", "HELP");

    private CommandList() {
    }

    static Set<String> parse(Configuration config, String handler) throws ConfigurationException {
        String value = config.getString(COMMANDS, "");
        Set<String> commands = Arrays.stream(value.split(","))
            .map(String::trim)
            .filter(command -> !command.isEmpty())
            .map(command -> command.toUpperCase(Locale.US))
            .collect(Collectors.toUnmodifiableSet());
        if (commands.isEmpty()) {
            throw new ConfigurationException(handler + ": <" + COMMANDS + "> must list at least one SMTP command");
        }
        for (String command : commands) {
            if (!SUPPORTED.contains(command)) {
                throw new ConfigurationException(handler + ": <" + COMMANDS + "> has unsupported command '" + command
                    + "' (supported: " + String.join(", ", SUPPORTED.stream().sorted().toList()) + ")");
            }
        }
        return commands;
    }
}
