package org.santegateway.server.health;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.santegateway.server.GatewaySettings;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.pki.PemFiles;
import org.santegateway.server.startup.ConfigurationChecks;
import org.santegateway.server.operator.OperatorMaterial;
import org.santegateway.server.trust.TrustSettings;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The certificate files the gateway is configured with (one entry per distinct file): the
 * listeners' (SMTP, IMAP), the trust anchors, the S/MIME certificates of the gateway's domains and
 * of configured correspondents; and the
 * {@code gateway.certificate.expiry.days} gauge for each, tagged with the first setting naming it.
 */
public class ConfiguredCertificates {
    public record Entry(String setting, Path path) {
    }

    private final List<Entry> entries;

    @Inject
    public ConfiguredCertificates(GatewaySettings settings, TrustSettings trust, MeterRegistry registry, Clock clock) {
        Map<Path, String> byFile = new LinkedHashMap<>();
        new ConfigurationChecks(settings, clock).tlsMaterial().stream()
            .filter(material -> material.setting().endsWith(".certificates"))
            .forEach(material -> byFile.putIfAbsent(material.path(), material.configFile() + ":" + material.setting()));
        for (Path anchor : trust.anchors()) {
            byFile.putIfAbsent(anchor, GatewayProperties.FILE + ":" + TrustSettings.ANCHORS);
        }
        for (String domain : trust.smimeDomains()) {
            byFile.putIfAbsent(settings.certsDirectory().resolve(OperatorMaterial.SMIME_DIRECTORY).resolve(domain + ".pem"),
                GatewayProperties.FILE + ":" + TrustSettings.SMIME_DOMAINS + "[" + domain + "]");
        }
        trust.correspondentCertificates().forEach((owner, file) ->
            byFile.putIfAbsent(file, GatewayProperties.FILE + ":" + TrustSettings.SMIME_CERTIFICATE_PREFIX + owner));
        this.entries = byFile.entrySet().stream().map(entry -> new Entry(entry.getValue(), entry.getKey())).toList();
        for (Entry entry : entries) {
            Gauge.builder("gateway.certificate.expiry.days", entry, e -> daysLeft(e, clock))
                .tag("certificate", entry.setting())
                .description("Days until the configured certificate expires (negative once expired)")
                .register(registry);
        }
    }

    public List<Entry> entries() {
        return entries;
    }

    private static double daysLeft(Entry entry, Clock clock) {
        try {
            return Duration.between(clock.instant(), PemFiles.certificates(entry.path()).get(0).getNotAfter().toInstant()).toHours() / 24.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
