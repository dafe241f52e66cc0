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
 * Refuses the configured SMTP commands until the session is encrypted (STARTTLS done, or an
 * implicit-TLS port). James 3.8.1 reads {@code auth.requireSSL} only to hide AUTH from the EHLO
 * answer and still accepts AUTH in clear; this handler closes that gap, and makes STARTTLS
 * mandatory on the operators' port.
 *
 * <p>It must come before James's own handlers, which is where handlers listed in the
 * {@code handlerchain} go. When TLS is up it answers nothing and James's handler runs.
 *
 * <pre>{@code
 * <handler class="org.santegateway.smtp.TlsRequiredCommandHandler">
 *     <commands>AUTH,MAIL,RCPT,DATA</commands>
 * </handler>
 * }</pre>
 */
public class TlsRequiredCommandHandler implements CommandHandler<SMTPSession> {
    static final String AUTH = "AUTH";

    private final SmtpRefusals refusals;
    private Set<String> commands = Set.of(AUTH);

    public TlsRequiredCommandHandler() {
        this(SmtpRefusals.unregistered());
    }

    @Inject
    public TlsRequiredCommandHandler(SmtpRefusals refusals) {
        this.refusals = refusals;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        commands = CommandList.parse(config, getClass().getSimpleName());
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (session.isTLSStarted()) {
            return null;
        }
        refusals.count("tls_required");
        if (AUTH.equalsIgnoreCase(request.getCommand())) {
            // RFC 4954 section 6: 538 for a mechanism that needs an encrypted channel.
            return new SMTPResponse("538", "5.7.11 Encryption required: issue STARTTLS before AUTH");
        }
        // RFC 3207 section 4: 530 until the client has issued STARTTLS.
        return new SMTPResponse("530", "5.7.0 Must issue a STARTTLS command first");
    }

    @Override
    public Collection<String> getImplCommands() {
        return commands;
    }
}
