package org.santegateway.server.smime;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.santegateway.server.GatewaySettings;
import org.santegateway.server.startup.StartupFailure;
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

    public static SmimeSettings load(GatewaySettings settings) {
        Path file = settings.file(TrustSettings.FILE);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupFailure(file + ": cannot be read: " + e.getMessage(), e);
        }
        return from(properties);
    }

    static SmimeSettings from(Properties properties) {
        String value = properties.getProperty(SIGNER_MATCH);
        if (value == null || value.isBlank()) {
            return new SmimeSettings(SignerMatch.DEFAULT);
        }
        try {
            return new SmimeSettings(SignerMatch.parse(value));
        } catch (IllegalArgumentException e) {
            throw StartupFailure.of(TrustSettings.FILE, SIGNER_MATCH, e.getMessage());
        }
    }
}
