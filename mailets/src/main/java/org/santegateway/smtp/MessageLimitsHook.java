package org.santegateway.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.DataLineFilter;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MessageHook;

/**
 * The limits of one message, each refused at the end of DATA with exactly one reply and nothing
 * delivered:
 * <ul>
 *   <li>a line longer than the listener's line limit (8192 octets): James's line reader drops such
 *   a line and answered {@code 500} at once, then {@code 250} at the end of DATA for the message
 *   without the line, two replies to one DATA and a message altered in transit. RFC 5321 section
 *   4.5.3.1.6 limits text lines to 1000 octets and RFC 5322 section 2.1.1 to 998 characters, so no
 *   conforming message has such a line; refusing the whole message is the answer that neither
 *   alters content (which would break a signature) nor loses it silently. The gateway's line reader
 *   marks the transaction ({@link #LINE_TOO_LONG}) instead of answering;</li>
 *   <li>more MIME parts than {@code maxParts} (default 500) or parts nested deeper than
 *   {@code maxDepth} (default 16): each part costs work in the pipeline and records in the audit
 *   trail;</li>
 *   <li>a message over {@code maxmessagesize} without a declared SIZE: James answers {@code 552
 *   Quota exceeded}, which sends users looking at their mailbox quota; the reply here says what
 *   the limit is.</li>
 * </ul>
 *
 * <pre>{@code
 * <handler class="org.santegateway.smtp.MessageLimitsHook">
 *     <maxParts>500</maxParts>
 *     <maxDepth>16</maxDepth>
 * </handler>
 * }</pre>
 */
public class MessageLimitsHook implements DataLineFilter, MessageHook {
    /** Set on the transaction by the line reader when a line of the message was too long. */
    public static final ProtocolSession.AttachmentKey<Boolean> LINE_TOO_LONG = ProtocolSession.AttachmentKey.of("LINE_TOO_LONG", Boolean.class);
    /** James's mark of a message over the size limit (MailSizeEsmtpExtension). */
    static final ProtocolSession.AttachmentKey<Boolean> SIZE_EXCEEDED = ProtocolSession.AttachmentKey.of("MESG_FAILED", Boolean.class);
    static final String MAX_PARTS = "maxParts";
    static final String MAX_DEPTH = "maxDepth";

    static final HookResult LINE_REFUSED = deny("500", "5.5.2 Line too long: a line of the message exceeds 8192 octets"
        + " (RFC 5321 section 4.5.3.1.6); message refused");
    static final HookResult UNREADABLE = deny("554", "5.6.0 The message structure cannot be read; message refused");

    private final SmtpRefusals refusals;
    private int maxParts = 500;
    private int maxDepth = 16;

    public MessageLimitsHook() {
        this(SmtpRefusals.unregistered());
    }

    @Inject
    public MessageLimitsHook(SmtpRefusals refusals) {
        this.refusals = refusals;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        maxParts = RecipientLimitHook.positive(config, MAX_PARTS, maxParts, getClass().getSimpleName());
        maxDepth = RecipientLimitHook.positive(config, MAX_DEPTH, maxDepth, getClass().getSimpleName());
    }

    /** Replaces James's answer to a message over the size limit, once the rest of the chain has cleaned up. */
    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        boolean endOfData = line.length == 3 && line[0] == '.';
        // Read before the end of DATA resets the transaction.
        boolean tooBig = endOfData && session.getAttachment(SIZE_EXCEEDED, ProtocolSession.State.Transaction).orElse(false);
        Response response = next.onLine(session, line);
        if (tooBig) {
            refusals.count("message_too_big");
            return new SMTPResponse("552", "5.3.4 Message size exceeds the limit of "
                + session.getConfiguration().getMaxMessageSize() + " octets; message refused");
        }
        return response;
    }

    @Override
    public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
        if (session.getAttachment(LINE_TOO_LONG, ProtocolSession.State.Transaction).orElse(false)) {
            refusals.count("line_too_long");
            return LINE_REFUSED;
        }
        if (session.getAttachment(SIZE_EXCEEDED, ProtocolSession.State.Transaction).orElse(false)) {
            return HookResult.DECLINED;
        }
        return structure(mail).map(refusal -> {
            refusals.count(refusal == UNREADABLE ? "mime_unreadable" : "mime_limits");
            return refusal;
        }).orElse(HookResult.DECLINED);
    }

    /** Counts parts and nesting without keeping any content. */
    private Optional<HookResult> structure(MailEnvelope mail) {
        MimeTokenStream stream = new MimeTokenStream(MimeConfig.PERMISSIVE);
        stream.setRecursionMode(RecursionMode.M_RECURSE);
        int parts = 0;
        int depth = 0;
        try (InputStream input = mail.getMessageInputStream()) {
            stream.parse(input);
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                switch (state) {
                    case T_START_BODYPART -> {
                        parts++;
                        if (parts > maxParts) {
                            return Optional.of(deny("554", "5.6.0 Too many MIME parts: at most " + maxParts + "; message refused"));
                        }
                    }
                    case T_START_MULTIPART, T_START_MESSAGE -> {
                        depth++;
                        if (depth > maxDepth) {
                            return Optional.of(deny("554", "5.6.0 MIME parts nested too deep: at most " + maxDepth
                                + " levels; message refused"));
                        }
                    }
                    case T_END_MULTIPART, T_END_MESSAGE -> depth--;
                    default -> {
                    }
                }
            }
            return Optional.empty();
        } catch (IOException | MimeException e) {
            return Optional.of(UNREADABLE);
        }
    }

    private static HookResult deny(String code, String description) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode(code)
            .smtpDescription(description)
            .build();
    }
}
