package org.santegateway.dmp;

import java.io.IOException;
import java.io.InputStream;

/**
 * The content of a document on its way to the store, readable as many times as needed, with its
 * size and SHA-256 computed once while it was received (see {@link SpooledContent}).
 */
public interface DocumentContent {
    long size();

    ContentHash sha256();

    /** A new stream over the whole content; the caller closes it. */
    InputStream openStream() throws IOException;
}
