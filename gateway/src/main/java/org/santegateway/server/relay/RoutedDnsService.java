package org.santegateway.server.relay;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.api.TemporaryResolutionException;
import org.apache.james.dnsservice.dnsjava.DNSJavaService;

/**
 * James's DNS service with the static routes of {@link RelayRoutes} in front of MX lookups:
 * RemoteDelivery asks for the MX of a routed domain and gets {@code host:port}, which James's MX
 * iterator understands. Everything else is answered by DNS.
 */
public class RoutedDnsService implements DNSService {
    private final DNSJavaService dns;
    private final RelayRoutes routes;

    @Inject
    public RoutedDnsService(DNSJavaService dns, RelayRoutes routes) {
        this.dns = dns;
        this.routes = routes;
    }

    @Override
    public Collection<String> findMXRecords(String hostname) throws TemporaryResolutionException {
        // Remote delivery asks for the servers of the domain it is about to deliver to, in the thread
        // that then connects: the relay TLS client checks the peer against this domain's operators.
        RelayDestination.set(hostname);
        Optional<String> route = routes.routeFor(hostname);
        if (route.isPresent()) {
            return List.of(route.get());
        }
        return dns.findMXRecords(hostname);
    }

    @Override
    public Collection<String> findTXTRecords(String hostname) {
        return dns.findTXTRecords(hostname);
    }

    @Override
    public Collection<InetAddress> getAllByName(String host) throws UnknownHostException {
        return dns.getAllByName(host);
    }

    @Override
    public InetAddress getByName(String host) throws UnknownHostException {
        return dns.getByName(host);
    }

    @Override
    public InetAddress getLocalHost() throws UnknownHostException {
        return dns.getLocalHost();
    }

    @Override
    public String getHostName(InetAddress addr) {
        return dns.getHostName(addr);
    }
}
