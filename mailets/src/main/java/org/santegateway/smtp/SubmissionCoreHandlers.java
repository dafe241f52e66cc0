package org.santegateway.smtp;

import java.util.List;

import org.apache.james.protocols.smtp.core.ReceivedDataLineFilter;
import org.apache.james.smtpserver.CoreCmdHandlerLoader;

/**
 * James's core SMTP handlers with {@link SubmissionReceivedHeader} in place of {@link ReceivedDataLineFilter}, for the
 * listeners users submit on ({@code <handlerchain coreHandlersPackage="org.santegateway.smtp.SubmissionCoreHandlers">}
 * in {@code smtpserver.xml}).
 */
public class SubmissionCoreHandlers extends CoreCmdHandlerLoader {
    private final List<String> handlers;

    public SubmissionCoreHandlers() {
        handlers = super.getHandlers().stream()
            .map(handler -> handler.equals(ReceivedDataLineFilter.class.getName()) ? SubmissionReceivedHeader.class.getName() : handler)
            .toList();
        if (!handlers.contains(SubmissionReceivedHeader.class.getName())) {
            throw new IllegalStateException("James's core SMTP handlers no longer list " + ReceivedDataLineFilter.class.getName());
        }
    }

    @Override
    public List<String> getHandlers() {
        return handlers;
    }
}
