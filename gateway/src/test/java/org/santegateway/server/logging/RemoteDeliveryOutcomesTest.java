package org.santegateway.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.status.Status;

/**
 * Remote delivery's outcome lines, which James writes at DEBUG, with the gateway's logging configuration
 * (config/logback.xml, loaded as the gateway loads it): kept at the configured INFO level, the rest of James's DEBUG
 * lines not.
 */
class RemoteDeliveryOutcomesTest {
    private static final String DELIVERY = "org.apache.james.transport.mailets.remote.delivery.";

    @TempDir
    Path data;

    private LoggerContext context;
    private ListAppender<ILoggingEvent> events;

    @BeforeEach
    void configure() throws Exception {
        Files.createDirectories(data.resolve("conf"));
        Files.writeString(data.resolve("conf/audit-hmac.key"), "0123456789abcdef0123456789abcdef");
        context = new LoggerContext();
        context.putProperty("gateway.data.dir", data.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Path.of("..", "config", "logback.xml").toFile());
        assertThat(context.getStatusManager().getCopyOfStatusList()).noneMatch(status -> status.getLevel() >= Status.WARN);
        events = new ListAppender<>();
        events.setContext(context);
        events.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(events);
    }

    @Test
    void whyAMailWaitsForItsNextAttemptIsKept() {
        Logger delivrer = context.getLogger(DELIVERY + "MailDelivrer");
        Logger runnable = context.getLogger(DELIVERY + "DeliveryRunnable");

        delivrer.debug("Temporary exception delivering mail (Mail1-to-destinataire.test). [EOF]: ");
        delivrer.debug("Permanent exception delivering mail (Mail2-to-destinataire.test). 550 5.1.1 unknown user: ");
        runnable.debug("Storing message {} into outgoing after {} retries", "Mail1-to-destinataire.test", 0);
        runnable.debug("Bouncing message {} after {} retries", "Mail2-to-destinataire.test", 20);

        assertThat(messages()).containsExactly(
            "Temporary exception delivering mail (Mail1-to-destinataire.test). [EOF]: ",
            "Permanent exception delivering mail (Mail2-to-destinataire.test). 550 5.1.1 unknown user: ",
            "Storing message Mail1-to-destinataire.test into outgoing after 0 retries",
            "Bouncing message Mail2-to-destinataire.test after 20 retries");
    }

    @Test
    void theOtherDebugLinesStayOut() {
        context.getLogger(DELIVERY + "DeliveryRunnable").debug("will process mail {}", "Mail1");
        context.getLogger(DELIVERY + "MailDelivrer").debug("Exception delivering message ({}) - {}", "Mail1", "reason");
        context.getLogger("org.apache.james.smtpserver.SendMailHandler").debug("Storing message into outgoing");
        context.getLogger(DELIVERY + "MailDelivrerToHost").info("Mail (Mail1) sent successfully");

        assertThat(messages()).containsExactly("Mail (Mail1) sent successfully");
        assertThat(context.getLogger(DELIVERY + "MailDelivrer").getEffectiveLevel()).isEqualTo(Level.INFO);
    }

    private List<String> messages() {
        return events.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
