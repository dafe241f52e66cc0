/**
 * Bounded input, independent of any message format: {@link org.santegateway.io.LimitedInputStream}
 * (a byte limit on any stream) and {@link org.santegateway.io.BoundedZipReader} (a zip read in one
 * pass within entry, size and inflation-ratio limits). Depends on no other package of the gateway.
 */
package org.santegateway.io;
