package org.santegateway.server.conversation;

import javax.inject.Inject;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.james.utils.GuiceProbe;
import org.santegateway.conversation.PatientInitiatedMailboxes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Test access to the conversation machinery of a running gateway: the spool (mail that does not come through SMTP) and the counters. */
public class ConversationProbe implements GuiceProbe {
    private final MailQueueFactory<?> mailQueueFactory;
    private final MeterRegistry meterRegistry;
    private final PatientInitiatedMailboxes patientInitiatedMailboxes;

    @Inject
    ConversationProbe(MailQueueFactory<?> mailQueueFactory, MeterRegistry meterRegistry, PatientInitiatedMailboxes patientInitiatedMailboxes) {
        this.mailQueueFactory = mailQueueFactory;
        this.meterRegistry = meterRegistry;
        this.patientInitiatedMailboxes = patientInitiatedMailboxes;
    }

    public void markPatientInitiated(MailAddress mailbox) {
        patientInitiatedMailboxes.add(mailbox);
    }

    /** Enqueues a mail into the spool as the future webmail will: no SMTP session, no authentication attribute. */
    public void enqueue(String name, MailAddress sender, MailAddress recipient, MimeMessage message) throws Exception {
        MailQueue spool = mailQueueFactory.getQueue(MailQueueFactory.SPOOL).orElseThrow();
        MailImpl mail = MailImpl.builder().name(name).sender(sender).addRecipient(recipient).mimeMessage(message).build();
        try {
            spool.enQueue(mail);
        } finally {
            mail.dispose();
        }
    }

    public double decisions(String outcome, String reason, String stage) {
        Counter counter = meterRegistry.find("gateway.conversation.decision")
            .tag("outcome", outcome).tag("reason", reason).tag("stage", stage).counter();
        return counter == null ? 0 : counter.count();
    }
}
