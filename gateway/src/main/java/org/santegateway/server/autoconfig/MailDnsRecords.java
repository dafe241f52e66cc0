package org.santegateway.server.autoconfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The DNS records a hosted domain publishes so that professionals' mail clients find the gateway
 * by themselves (RFC 6186 and RFC 8314 SRV records, MSSanté client referential ECO.1.1.9), plus the
 * names Thunderbird's autoconfig and Outlook's Autodiscover look up. Implicit TLS is preferred
 * (priority 0) to STARTTLS (priority 10), as RFC 8314 asks; POP3 is declared absent.
 */
public record MailDnsRecords(String domain, MailEndpoints endpoints) {
    static final int TTL = 3600;

    public MailDnsRecords {
        domain = domain.toLowerCase(Locale.ROOT);
        if (!MailEndpoints.isDnsName(domain)) {
            throw new IllegalArgumentException("not a DNS name");
        }
    }

    /** Zone file lines. */
    public List<String> lines() {
        String target = endpoints.host() + ".";
        List<String> lines = new ArrayList<>();
        lines.add("; Mail client discovery for " + domain + " (RFC 6186, RFC 8314): implicit TLS first");
        lines.add(srv("_submissions._tcp", 0, endpoints.submissions(), target));
        lines.add(srv("_submission._tcp", 10, endpoints.submission(), target));
        lines.add(srv("_imaps._tcp", 0, endpoints.imaps(), target));
        lines.add(srv("_imap._tcp", 10, endpoints.imap(), target));
        lines.add("; No POP3 here (RFC 6186 section 4: target \".\")");
        lines.add(srv("_pop3._tcp", 0, 0, "."));
        lines.add(srv("_pop3s._tcp", 0, 0, "."));
        lines.add("; Thunderbird autoconfig: https://autoconfig." + domain + "/mail/config-v1.1.xml");
        lines.add("autoconfig." + domain + ". " + TTL + " IN CNAME " + target);
        lines.add("; Outlook Autodiscover: https://autodiscover." + domain + "/autodiscover/autodiscover.xml");
        lines.add("autodiscover." + domain + ". " + TTL + " IN CNAME " + target);
        lines.add(srv("_autodiscover._tcp", 0, endpoints.https(), target));
        lines.add("; The webmail certificate (webmail.tls.*) must also name autoconfig." + domain
            + " and autodiscover." + domain + ", or clients refuse it.");
        return lines;
    }

    private String srv(String service, int priority, int port, String target) {
        return service + "." + domain + ". " + TTL + " IN SRV " + priority + " " + (port == 0 ? 0 : 1) + " " + port + " " + target;
    }
}
