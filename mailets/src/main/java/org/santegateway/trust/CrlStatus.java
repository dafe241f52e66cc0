package org.santegateway.trust;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the WebAdmin route and the health check show about the CRLs in force. CRLs name CAs and
 * serial numbers only: nothing here is personal data.
 *
 * @param lastCheckAt the last time the files were looked at
 * @param crls        the CRLs in force, one per issuer (the newest)
 * @param rejections  the files whose current content was refused (their last good content, if
 *                    any, stays in force)
 */
public record CrlStatus(Instant lastCheckAt, List<Crl> crls, List<Rejection> rejections) {
    public CrlStatus {
        crls = List.copyOf(crls);
        rejections = List.copyOf(rejections);
    }

    /** The earliest nextUpdate of the CRLs in force: when the first one stops being current. */
    public Optional<Instant> earliestNextUpdate() {
        return crls.stream().map(Crl::nextUpdate).flatMap(Optional::stream).min(Instant::compareTo);
    }

    /**
     * One CRL in force.
     *
     * @param issuer       the issuing CA's subject (RFC 2253)
     * @param crlNumber    the CRL number extension, when present
     * @param revokedCount the number of revoked certificates it lists
     * @param file         the file it was read from
     * @param loadedAt     when it was read
     */
    public record Crl(String issuer, Instant thisUpdate, Optional<Instant> nextUpdate, Optional<BigInteger> crlNumber,
                      int revokedCount, Path file, Instant loadedAt) {
        /** Current at {@code now}: issued, and its nextUpdate not passed (a CRL without nextUpdate never is). */
        public boolean isCurrentAt(Instant now) {
            return !thisUpdate.isAfter(now) && nextUpdate.isPresent() && nextUpdate.get().isAfter(now);
        }
    }

    /** A refused file: when, and the one-line reason. */
    public record Rejection(Path file, Instant at, String message) {
    }
}
