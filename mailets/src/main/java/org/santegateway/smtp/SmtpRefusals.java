package org.santegateway.smtp;

import javax.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Counts what our SMTP handlers refuse during the session, in {@code gateway.smtp.refusals} tagged
 * with a fixed reason code ({@code tls_required}, {@code command_disabled}, {@code from_not_owned},
 * {@code from_missing}...). Refusals of the conversation policy have their own counter
 * ({@code gateway.conversation.decision}).
 */
public class SmtpRefusals {
    static final String NAME = "gateway.smtp.refusals";

    private final MeterRegistry registry;

    @Inject
    public SmtpRefusals(MeterRegistry registry) {
        this.registry = registry;
    }

    /** For a handler built outside the server (tests): counts into a registry nobody reads. */
    public static SmtpRefusals unregistered() {
        return new SmtpRefusals(new SimpleMeterRegistry());
    }

    public void count(String reason) {
        Counter.builder(NAME)
            .description("SMTP commands and messages refused by the gateway's handlers, by reason")
            .tag("reason", reason)
            .register(registry)
            .increment();
    }
}
