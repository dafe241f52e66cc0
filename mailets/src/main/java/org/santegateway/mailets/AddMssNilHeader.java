package org.santegateway.mailets;

import java.util.Set;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * Sets the MSSanté header {@value #HEADER} (the reference of the sending software) on every
 * outgoing message, replacing any value a client set. Runs before the message is signed.
 *
 * <pre>{@code
 * <mailet match="All" class="org.santegateway.mailets.AddMssNilHeader" onMailetException="propagate">
 *     <value>SanteGateway/1.0</value>
 * </mailet>
 * }</pre>
 */
public class AddMssNilHeader extends GenericMailet {
    public static final String HEADER = "X-MSS-NIL";
    static final String VALUE = "value";

    private String value;

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of(VALUE));
        value = getInitParameter(VALUE, "").strip();
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= 0x21 && c <= 0x7e || c == ' ')) {
            throw new MessagingException(getMailetName() + ": " + VALUE + " must be printable ASCII and not empty");
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        mail.getMessage().setHeader(HEADER, value);
    }

    @Override
    public String getMailetInfo() {
        return "Sets the X-MSS-NIL header";
    }
}
