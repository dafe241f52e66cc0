package org.santegateway.server.smime;


import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.server.trust.TrustSettings;
import org.santegateway.smime.SignerMatch;

/**
 * The S/MIME settings of {@code gateway.properties} that are not about trust (those are in
 * {@link TrustSettings}): checked before James starts, a bad value stops the start naming the key.
 *
 * <ul>
 *   <li>{@value #SIGNER_MATCH}: what the verified signer's certificate must name for mail from
 *   another operator to be delivered: {@code address} (the From address), {@code domain} (an
 *   address of the From domain, or the domain as a DNS name) or {@code organisation} (the default:
 *   the From address, or the From domain as a DNS name or as the subject's common name, the
 *   organisation certificate of the sender's domain as MSSanté operators sign with), see
 *   {@link SignerMatch}. Otherwise the message is quarantined ({@code signer_mismatch}).</li>
 * </ul>
 */
public record SmimeSettings(SignerMatch signerMatch) {
    public static final String SIGNER_MATCH = "smime.signer.match";

    public static SmimeSettings from(GatewayProperties properties) {
        return properties.string(SIGNER_MATCH).map(value -> {
            try {
                return new SmimeSettings(SignerMatch.parse(value));
            } catch (IllegalArgumentException e) {
                throw GatewayProperties.failure(SIGNER_MATCH, e.getMessage());
            }
        }).orElse(new SmimeSettings(SignerMatch.DEFAULT));
    }
}
