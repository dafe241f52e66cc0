package org.santegateway.server.relay;

import java.util.Locale;
import java.util.Optional;

/**
 * The mail domain the current remote-delivery thread is delivering to, so that the TLS handshake
 * can check the peer against that domain's operators on the trust list.
 *
 * <p>James's RemoteDelivery delivers one mail per destination domain and, in the same thread,
 * looks up the domain's mail servers ({@link RoutedDnsService#findMXRecords}, which records the
 * domain here) and then connects to them; JavaMail gives the TLS layer only a host name.</p>
 */
final class RelayDestination {
    private static final ThreadLocal<String> DOMAIN = new ThreadLocal<>();

    private RelayDestination() {
    }

    static void set(String domain) {
        DOMAIN.set(domain.toLowerCase(Locale.ROOT));
    }

    static Optional<String> current() {
        return Optional.ofNullable(DOMAIN.get());
    }

    static void clear() {
        DOMAIN.remove();
    }
}
