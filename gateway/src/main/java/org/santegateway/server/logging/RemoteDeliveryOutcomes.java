package org.santegateway.server.logging;

import java.util.List;
import java.util.Map;

import org.slf4j.Marker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Keeps, whatever the log levels, the lines in which James's remote delivery says that a mail was not delivered and
 * what happens to it, which James writes at DEBUG: "Temporary exception delivering mail (name). reason" and its
 * permanent twin ({@code MailDelivrer}), "Storing message name into outgoing after n retries" and "Bouncing message
 * name after n retries" ({@code DeliveryRunnable}). Without them a relayed mail that waits a minute, an hour, for its
 * next attempt leaves no trace of why (a peer that closed the connection, refused a recipient, failed the TLS check).
 * The other DEBUG lines of those classes (one or two per mail delivered) stay out. The lines go through the same
 * masking as every other (addresses and INS pseudonymised); they carry the mail's name and the error, never content.
 *
 * <p>Named in logback.xml as a {@code <turboFilter>}.</p>
 */
public final class RemoteDeliveryOutcomes extends TurboFilter {
    private static final String DELIVERY = "org.apache.james.transport.mailets.remote.delivery.";
    private static final Map<String, List<String>> KEPT = Map.of(
        DELIVERY + "MailDelivrer", List.of("Temporary exception delivering mail", "Permanent exception delivering mail"),
        DELIVERY + "DeliveryRunnable", List.of("Storing message ", "Bouncing message "));

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.DEBUG || format == null) {
            return FilterReply.NEUTRAL;
        }
        List<String> kept = KEPT.get(logger.getName());
        if (kept != null && kept.stream().anyMatch(format::startsWith)) {
            return FilterReply.ACCEPT;
        }
        return FilterReply.NEUTRAL;
    }
}
