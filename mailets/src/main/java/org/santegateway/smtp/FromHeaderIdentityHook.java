package org.santegateway.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.rrt.api.CanSendFrom;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses, at the end of DATA, a message whose {@code From:} or {@code Sender:} header names an
 * address the authenticated user may not send as. James's {@code verifyIdentity} only checks the
 * envelope (MAIL FROM); without this a professional could sign a message with a colleague's name
 * and address in the header that mail clients show. Unauthenticated sessions (other operators)
 * are left to the checks of their own port.
 *
 * <pre>{@code
 * <handler class="org.santegateway.smtp.FromHeaderIdentityHook"/>
 * }</pre>
 */
public class FromHeaderIdentityHook implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(FromHeaderIdentityHook.class);

    static final HookResult MISSING_FROM = deny(DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.CONTENT_OTHER)
        + " The message has no valid From header");
    static final HookResult FORGED_FROM = deny(DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_AUTH)
        + " From and Sender headers must be your own address");

    private final UsersRepository usersRepository;
    private final CanSendFrom canSendFrom;
    private final SmtpRefusals refusals;

    public FromHeaderIdentityHook(UsersRepository usersRepository, CanSendFrom canSendFrom) {
        this(usersRepository, canSendFrom, SmtpRefusals.unregistered());
    }

    @Inject
    public FromHeaderIdentityHook(UsersRepository usersRepository, CanSendFrom canSendFrom, SmtpRefusals refusals) {
        this.usersRepository = usersRepository;
        this.canSendFrom = canSendFrom;
        this.refusals = refusals;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        Username authenticated = session.getUsername();
        if (authenticated == null) {
            return HookResult.DECLINED;
        }
        Optional<List<MailAddress>> identities = headerIdentities(mail);
        if (identities.isEmpty()) {
            LOGGER.info("Refused {} from an authenticated session: no valid From header", mail.getName());
            refusals.count("from_missing");
            return MISSING_FROM;
        }
        for (MailAddress identity : identities.get()) {
            if (!maySendAs(authenticated, identity)) {
                LOGGER.info("Refused {} from an authenticated session: header identity is not the user's", mail.getName());
                refusals.count("from_not_owned");
                return FORGED_FROM;
            }
        }
        return HookResult.DECLINED;
    }

    private boolean maySendAs(Username authenticated, MailAddress identity) {
        try {
            Username owner = usersRepository.getUsername(identity);
            return canSendFrom.userCanSendFrom(authenticated, owner);
        } catch (UsersRepositoryException e) {
            return false;
        }
    }

    /** The addresses of the From and Sender headers, or empty when From is missing or unparsable. */
    private static Optional<List<MailAddress>> headerIdentities(Mail mail) {
        try {
            MimeMessage message = mail.getMessage();
            List<MailAddress> identities = new ArrayList<>();
            String[] from = message.getHeader("From");
            if (from == null || from.length != 1) {
                return Optional.empty();
            }
            identities.addAll(parse(from[0]));
            if (identities.isEmpty()) {
                return Optional.empty();
            }
            String[] sender = message.getHeader("Sender");
            if (sender != null) {
                for (String value : sender) {
                    identities.addAll(parse(value));
                }
            }
            return Optional.of(identities);
        } catch (MessagingException e) {
            return Optional.empty();
        }
    }

    private static List<MailAddress> parse(String header) throws AddressException {
        List<MailAddress> addresses = new ArrayList<>();
        for (InternetAddress address : InternetAddress.parseHeader(header, true)) {
            addresses.add(new MailAddress(address));
        }
        return addresses;
    }

    private static HookResult deny(String description) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode("550")
            .smtpDescription(description)
            .build();
    }
}
