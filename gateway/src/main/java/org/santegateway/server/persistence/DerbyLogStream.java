package org.santegateway.server.persistence;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends Derby's error log to SLF4J (logger {@code org.apache.derby}) instead of the {@code derby.log} file Derby
 * writes in the current directory by default.
 *
 * <p>Derby is pointed at {@link #STREAM} through the system property
 * {@code derby.stream.error.field=org.santegateway.server.persistence.DerbyLogStream.STREAM}, which
 * {@link ManagedEntityManagerFactory} sets before the first connection unless the operator chose another
 * destination ({@code derby.stream.error.file}, {@code derby.stream.error.method} or this field).</p>
 */
public final class DerbyLogStream extends OutputStream {
    public static final String FIELD_PROPERTY_VALUE = DerbyLogStream.class.getName() + ".STREAM";

    /** The stream Derby writes to: a public static field, as {@code derby.stream.error.field} requires. */
    public static final OutputStream STREAM = new DerbyLogStream();

    private static final Logger LOGGER = LoggerFactory.getLogger("org.apache.derby");

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private DerbyLogStream() {
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            flushLine();
        } else if (b != '\r') {
            line.write(b);
        }
    }

    @Override
    public synchronized void flush() {
        flushLine();
    }

    private void flushLine() {
        if (line.size() > 0) {
            LOGGER.info("{}", line.toString(StandardCharsets.UTF_8));
            line.reset();
        }
    }
}
