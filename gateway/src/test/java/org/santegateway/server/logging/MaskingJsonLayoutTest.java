package org.santegateway.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.contrib.jackson.JacksonJsonFormatter;

class MaskingJsonLayoutTest {
    @Test
    void requestAndResponseBodiesAreNeverWrittenAndOtherValuesAreMasked() {
        MaskingJsonLayout layout = new MaskingJsonLayout();
        layout.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        layout.setJsonFormatter(new JacksonJsonFormatter());
        layout.start();
        Logger logger = (Logger) LoggerFactory.getLogger("org.apache.james.webadmin.mdc.LoggingResponseFilter");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, "WebAdmin response received", null, null);
        event.setMDCPropertyMap(Map.of(
            "response-body", "[{\"title\":\"Compte rendu secret\"}]",
            "request-body", "{\"note\":\"secret\"}",
            "user", "dr.martin@hopital-test.fr",
            "action", "/gateway/dmp/patients/185057800608436/documents"));

        String line = layout.doLayout(event);

        assertThat(line).doesNotContain("secret", "response-body", "request-body", "dr.martin", "185057800608436")
            .contains("WebAdmin response received", "\"action\":\"/gateway/dmp/patients/<ins:");
    }
}
