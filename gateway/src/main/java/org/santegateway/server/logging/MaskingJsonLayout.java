package org.santegateway.server.logging;

import java.util.LinkedHashMap;
import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.contrib.json.classic.JsonLayout;

/**
 * JSON log lines (logback-contrib's layout) with {@link LogMasking} applied to the message, the
 * exception and every MDC value, James's {@code user}, {@code sender} and {@code recipients}
 * included. The raw message pattern is left out: the formatted, masked message is enough.
 *
 * <pre>{@code
 * <layout class="org.santegateway.server.logging.MaskingJsonLayout">
 *     <keyFile>${gateway.data.dir}/conf/audit-hmac.key</keyFile>
 *     <jsonFormatter class="ch.qos.logback.contrib.jackson.JacksonJsonFormatter"/>
 *     <appendLineSeparator>true</appendLineSeparator>
 * </layout>
 * }</pre>
 */
public class MaskingJsonLayout extends JsonLayout {
    private String keyFile;
    private LogMasking masking;

    public MaskingJsonLayout() {
        setIncludeMessage(false);
        setIncludeContextName(false);
    }

    public void setKeyFile(String keyFile) {
        this.keyFile = keyFile;
    }

    /**
     * MDC keys in which James's WebAdmin puts whole request and response bodies (a patient's
     * document list, a document): never written, whatever the level of their logger.
     */
    static final java.util.Set<String> BODY_KEYS = java.util.Set.of("request-body", "response-body");

    @Override
    public void start() {
        masking = LogMasking.fromKeyFile(keyFile);
        super.start();
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    protected Map toJsonMap(ILoggingEvent event) {
        Map<String, Object> map = super.toJsonMap(event);
        map.computeIfPresent(FORMATTED_MESSAGE_ATTR_NAME, (key, value) -> masking.mask(value.toString()));
        map.computeIfPresent(EXCEPTION_ATTR_NAME, (key, value) -> masking.mask(value.toString()));
        Object mdc = map.get(MDC_ATTR_NAME);
        if (mdc instanceof Map<?, ?> values) {
            Map<String, String> masked = new LinkedHashMap<>();
            values.forEach((key, value) -> {
                if (!BODY_KEYS.contains(String.valueOf(key))) {
                    masked.put(String.valueOf(key), masking.mask(String.valueOf(value)));
                }
            });
            map.put(MDC_ATTR_NAME, masked);
        }
        return map;
    }
}
