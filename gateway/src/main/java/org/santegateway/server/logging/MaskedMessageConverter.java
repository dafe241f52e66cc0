package org.santegateway.server.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * {@code %maskedMsg} for pattern layouts: the formatted message with {@link LogMasking} applied,
 * followed by the exception's class and masked message on the same line (no stack trace).
 */
public class MaskedMessageConverter extends ClassicConverter {
    private LogMasking masking;

    @Override
    public void start() {
        masking = LogMasking.fromKeyFile(getFirstOption());
        super.start();
    }

    @Override
    public String convert(ILoggingEvent event) {
        String message = masking.mask(event.getFormattedMessage());
        IThrowableProxy throwable = event.getThrowableProxy();
        if (throwable == null) {
            return message;
        }
        return message + " [" + throwable.getClassName() + ": " + masking.mask(throwable.getMessage()) + "]";
    }
}
