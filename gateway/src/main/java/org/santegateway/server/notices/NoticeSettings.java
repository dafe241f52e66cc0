package org.santegateway.server.notices;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.trust.TrustSettings;

/**
 * Where the gateway's own notices come from, a setting of {@code gateway.properties}.
 *
 * <ul>
 *   <li>{@value #POSTMASTER}: the address of the DSNs, MDNs and refusal notices the gateway sends
 *   ({@code From:}; their envelope sender is null), and James's postmaster. It must be an address
 *   of one of {@value TrustSettings#SMIME_DOMAINS}: a domain of this gateway whose certificate signs
 *   what leaves for other operators, so that the peer verifies a notice like any other mail. Default:
 *   {@code postmaster@<first of smime.domains>}.</li>
 * </ul>
 *
 * <p>The mailet container's {@code <postmaster>} of {@code mailetcontainer.xml} is replaced by this
 * address: James would otherwise take {@code postmaster@} the first domain it finds at start
 * ({@code localhost} on a first start), an address no peer can verify or answer.</p>
 */
public record NoticeSettings(MailAddress postmaster) {
    public static final String POSTMASTER = "postmaster.address";

    public static NoticeSettings from(GatewayProperties properties, TrustSettings trust) {
        return from(properties, trust.smimeDomains());
    }

    static NoticeSettings from(GatewayProperties properties, List<String> smimeDomains) {
        Optional<MailAddress> configured = properties.address(POSTMASTER);
        if (configured.isEmpty()) {
            String domain = smimeDomains.stream().findFirst().orElseThrow(() -> GatewayProperties.failure(POSTMASTER,
                "is required when " + TrustSettings.SMIME_DOMAINS + " is empty (notices are signed with a domain certificate)"));
            return new NoticeSettings(address("postmaster@" + domain));
        }
        MailAddress postmaster = configured.get();
        if (postmaster.isNullSender() || !smimeDomains.contains(postmaster.getDomain().asString().toLowerCase(Locale.ROOT))) {
            throw GatewayProperties.failure(POSTMASTER, "must be an address of a domain of this gateway listed in "
                + TrustSettings.SMIME_DOMAINS + " (" + String.join(", ", smimeDomains) + ")");
        }
        return new NoticeSettings(postmaster);
    }

    private static MailAddress address(String value) {
        try {
            return new MailAddress(value);
        } catch (AddressException e) {
            throw GatewayProperties.failure(POSTMASTER, "is not an e-mail address");
        }
    }
}
