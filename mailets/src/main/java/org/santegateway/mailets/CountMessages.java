package org.santegateway.mailets;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.santegateway.audit.ActorKind;
import org.santegateway.audit.AuditOutcome;
import org.santegateway.audit.Count;
import org.santegateway.audit.OutcomeRecorder;
import org.santegateway.audit.Pseudonyms;
import org.santegateway.audit.Trace;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Records where the pipeline decides a message's fate: an audit event {@code message.<direction>}
 * (the sender as a keyed pseudonym, the hashed Message-ID, the outcome and the reason code) and
 * the counter {@code gateway.messages} tagged with
 * the direction ({@code in}: entering the gateway, {@code out}: leaving it), the channel they came
 * by, the outcome and, for a refusal, a fixed reason code. Every tag has a small, fixed set of
 * values: nothing about the message itself becomes a label.
 *
 * <p>Placed first in the {@code root} processor with {@code outcome=accepted}, it stamps the mail
 * with its arrival time; placed where mail leaves ({@code delivered} before local delivery,
 * {@code relayed} before remote delivery) it also records the time since arrival in the
 * {@code gateway.delivery.latency} histogram, tagged with that outcome.</p>
 *
 * <pre>{@code
 * <mailet match="All" class="org.santegateway.mailets.CountMessages">
 *     <direction>in</direction>
 *     <outcome>refused</outcome>
 *     <reason>conversation_policy</reason>
 * </mailet>
 * }</pre>
 *
 * <p>Channels: {@code submission} (a professional's authenticated client), {@code webmail} (mail
 * carrying {@link #CHANNEL} = {@code webmail}), {@code gateway} (mail the gateway itself sent: a
 * DSN, an MDN), {@code operators} (SMTP without authentication: another operator), {@code other}.</p>
 */
public class CountMessages extends GenericMailet {
    /** Set by components that inject mail themselves (the webmail) to name their channel. */
    public static final AttributeName CHANNEL = AttributeName.of("org.santegateway.channel");
    static final AttributeName ARRIVAL = AttributeName.of("org.santegateway.arrival.millis");
    static final String MESSAGES = "gateway.messages";
    static final String LATENCY = "gateway.delivery.latency";

    private static final Set<String> DIRECTIONS = Set.of("in", "out");

    /** Where the pipeline decides a message's fate: the {@code outcome} parameter, audit outcome and metric tag. */
    enum Fate implements AuditOutcome {
        ACCEPTED, REFUSED, DELIVERED, RELAYED, BOUNCED, QUARANTINED;

        @Override
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The channels a message comes by: the {@code channel} metric tag, and the actor kind of its audit records. */
    enum Channel {
        SUBMISSION(ActorKind.SUBMISSION), WEBMAIL(ActorKind.WEBMAIL), GATEWAY(ActorKind.GATEWAY), OPERATORS(ActorKind.OPERATORS),
        OTHER(ActorKind.OTHER);

        private final ActorKind actorKind;

        Channel(ActorKind actorKind) {
            this.actorKind = actorKind;
        }

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Channel> of(String tag) {
            for (Channel channel : values()) {
                if (channel.tag().equals(tag)) {
                    return Optional.of(channel);
                }
            }
            return Optional.empty();
        }
    }

    private final MeterRegistry registry;
    private final OutcomeRecorder recorder;
    private final Pseudonyms pseudonyms;
    private final Clock clock;
    private String direction;
    private Fate outcome;
    private String reason;
    private Optional<Timer> latency = Optional.empty();

    @Inject
    public CountMessages(MeterRegistry registry, OutcomeRecorder recorder, Pseudonyms pseudonyms) {
        this(registry, recorder, pseudonyms, Clock.systemUTC());
    }

    /** With the clock of the arrival stamps and latencies (the recorder has its own, for the audit records). */
    public CountMessages(MeterRegistry registry, OutcomeRecorder recorder, Pseudonyms pseudonyms, Clock clock) {
        this.registry = registry;
        this.recorder = recorder;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(Set.of("direction", "outcome", "reason"));
        direction = oneOf("direction", DIRECTIONS);
        String configuredOutcome = getInitParameter("outcome", "").trim().toLowerCase(Locale.ROOT);
        outcome = Arrays.stream(Fate.values()).filter(fate -> fate.tag().equals(configuredOutcome)).findFirst()
            .orElseThrow(() -> new MessagingException("CountMessages: <outcome> must be one of "
                + Arrays.stream(Fate.values()).map(Fate::tag).toList() + ", got '" + configuredOutcome + "'"));
        String configuredReason = getInitParameter("reason", "none");
        if (!configuredReason.matches("[a-z0-9_]{1,40}")) {
            throw new MessagingException("CountMessages: <reason> must be a short code in [a-z0-9_], got '" + configuredReason + "'");
        }
        reason = configuredReason;
        if (outcome == Fate.DELIVERED || outcome == Fate.RELAYED) {
            latency = Optional.of(Timer.builder(LATENCY)
                .description("Time from a message's arrival in the pipeline to its delivery or hand-over to remote delivery")
                .tag("outcome", outcome.tag())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry));
        }
    }

    private String oneOf(String parameter, Set<String> allowed) throws MessagingException {
        String value = getInitParameter(parameter, "").trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            throw new MessagingException("CountMessages: <" + parameter + "> must be one of " + allowed + ", got '" + value + "'");
        }
        return value;
    }

    @Override
    public void service(Mail mail) {
        long now = clock.millis();
        if (outcome == Fate.ACCEPTED) {
            // A mail derived from another one (a DSN) carries a copy of its attributes: stamp afresh.
            mail.setAttribute(new Attribute(ARRIVAL, AttributeValue.of(now)));
        } else {
            latency.ifPresent(timer -> arrival(mail)
                .ifPresent(arrival -> timer.record(Duration.ofMillis(Math.max(0, now - arrival)))));
        }
        Channel channel = channelOf(mail);
        recorder.record(new Trace(channel.actorKind, sender(mail), "message." + direction,
                List.of("message:" + MessageFacts.messageIdHash(mail), "mail:" + mail.getName()), outcome,
                reason.equals("none") ? Optional.empty() : Optional.of(reason)),
            Count.of(MESSAGES, "direction", direction, "channel", channel.tag(), "outcome", outcome.tag(), "reason", reason)
                .describedAs("Messages by direction, channel and outcome"));
    }

    /** The authenticated user, else the envelope sender, as a keyed pseudonym; {@code -} for a null sender. */
    private String sender(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, Mail.SMTP_AUTH_USER, String.class)
            .or(() -> mail.getMaybeSender().asOptional().map(address -> address.asString()))
            .map(pseudonyms::of)
            .orElse("-");
    }

    private static Optional<Long> arrival(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, ARRIVAL, Long.class);
    }

    private static Channel channelOf(Mail mail) {
        Optional<Channel> declared = AttributeUtils.getValueAndCastFromMail(mail, CHANNEL, String.class)
            .flatMap(Channel::of);
        if (declared.isPresent()) {
            return declared.get();
        }
        if (mail.getAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE.getName()).isPresent()) {
            return Channel.GATEWAY;
        }
        if (mail.getAttribute(Mail.SMTP_AUTH_USER).isPresent()) {
            return Channel.SUBMISSION;
        }
        if (mail.getAttribute(Mail.SMTP_SESSION_ID).isPresent()) {
            return Channel.OPERATORS;
        }
        return Channel.OTHER;
    }

    @Override
    public String getMailetInfo() {
        return "Counts messages by direction, channel and outcome";
    }
}
