package org.santegateway.server.settings;

import java.util.List;

/**
 * {@value #KEY}: the host names and addresses the development PKI issues this gateway's
 * certificates for at first start (the TLS server certificate of the listeners and the operator
 * certificate), comma-separated; the first one is also the operator certificate's common name.
 * Default {@code localhost, 127.0.0.1, ::1}.
 */
public record TlsHostNames(List<String> names) {
    public static final String KEY = "tls.hostnames";
    public static final List<String> DEFAULT = List.of("localhost", "127.0.0.1", "::1");

    public TlsHostNames {
        names = List.copyOf(names);
    }

    public static TlsHostNames from(GatewayProperties properties) {
        List<String> names = properties.list(KEY);
        return new TlsHostNames(names.isEmpty() ? DEFAULT : names);
    }

    public String first() {
        return names.get(0);
    }
}
