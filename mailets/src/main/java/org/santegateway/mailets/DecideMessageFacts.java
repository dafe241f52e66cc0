package org.santegateway.mailets;

import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.santegateway.conversation.RoleResolver;

/**
 * Decides the {@link MessageFacts} of a mail as it enters the {@code transport} processor: the
 * sender's role, from the SMTP-authenticated user or the envelope (never a header), once for the
 * mailets that follow. A role the mail carries from before (a mail replayed from a repository, a
 * notice copying the attributes of the mail it is about) is dropped first: it is decided on the
 * domains and trust list in force now.
 *
 * <pre>{@code
 * <mailet match="All" class="org.santegateway.mailets.DecideMessageFacts" onMailetException="propagate"/>
 * }</pre>
 */
public class DecideMessageFacts extends GenericMailet {
    private final RoleResolver roles;

    @Inject
    public DecideMessageFacts(RoleResolver roles) {
        this.roles = roles;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of());
    }

    @Override
    public void service(Mail mail) {
        MessageFacts.forgetSender(mail);
        MessageFacts.sender(mail, roles);
    }

    @Override
    public String getMailetInfo() {
        return "Decides the sender's role once for the pipeline";
    }
}
