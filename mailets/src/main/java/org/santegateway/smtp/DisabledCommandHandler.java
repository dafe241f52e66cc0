package org.santegateway.smtp;

import java.util.Collection;
import java.util.Set;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;

/**
 * Refuses the configured SMTP commands on a listener where they have no business, such as AUTH on
 * the operators' port: James's AUTH handler would otherwise accept a login there even when AUTH is
 * not announced, and an authenticated session may relay.
 *
 * <pre>{@code
 * <handler class="org.santegateway.smtp.DisabledCommandHandler">
 *     <commands>AUTH</commands>
 * </handler>
 * }</pre>
 */
public class DisabledCommandHandler implements CommandHandler<SMTPSession> {
    private final SmtpRefusals refusals;
    private Set<String> commands = Set.of(TlsRequiredCommandHandler.AUTH);

    public DisabledCommandHandler() {
        this(SmtpRefusals.unregistered());
    }

    @Inject
    public DisabledCommandHandler(SmtpRefusals refusals) {
        this.refusals = refusals;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        commands = CommandList.parse(config, getClass().getSimpleName());
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        refusals.count("command_disabled");
        return new SMTPResponse("502", "5.5.1 " + request.getCommand() + " is not available on this port");
    }

    @Override
    public Collection<String> getImplCommands() {
        return commands;
    }
}
