package org.santegateway.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.james.core.healthcheck.Result;
import org.apache.james.core.healthcheck.ResultStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.trust.ReloadOutcome;
import org.santegateway.trust.ReloadingTrustList;
import org.santegateway.trust.TrustListConfiguration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** What an operator sees of a trust list file with malformed entries: health check, gauges, WebAdmin status. */
class TrustListHealthCheckTest {
    // The shipped extract has 619 Domaine entries; these come after it, shaped like the national list's defects.
    private static final String PUBLISHED_DEFECTS = """
                <Domaine>
                    <Nom>ch-tilleuls.mssante.fr</Nom>
                    <Description>CENTRE HOSPITALIER "LES TILLEULS"</Description>
                    <DNCertificatOperateur>CN=mss.ch-tilleuls.fr,OU=26750045200011,O=CENTRE HOSPITALIER "LES TILLEULS",ST=Paris (75),C=FR</DNCertificatOperateur>
                    <ResponsableContact>contact retiré</ResponsableContact>
                    <SupportContact>contact retiré</SupportContact>
                    <DateMAJ>2025-03-13T14:54:10Z</DateMAJ>
                </Domaine>
                <Domaine>
                    <Nom>sessad@ase.exemple-asso.mssante.fr</Nom>
                    <Description>SESSAD</Description>
                    <DNCertificatOperateur>CN=medimail-asip.mipih.fr,OU=318310021300028,O=GIP MIPIH,ST=Haute-Garonne (31),C=FR</DNCertificatOperateur>
                    <ResponsableContact>contact retiré</ResponsableContact>
                    <SupportContact>contact retiré</SupportContact>
                    <DateMAJ>2025-03-13T14:54:10Z</DateMAJ>
                </Domaine>
                <Domaine>
                    <Nom>sans-dn.mssante.fr</Nom>
                    <Description>SANS DN</Description>
                    <DNCertificatOperateur>medimail-asip.mipih.fr</DNCertificatOperateur>
                    <DateMAJ>2025-03-13T14:54:10Z</DateMAJ>
                </Domaine>
                <Domaine>
                    <Nom>sans-operateur.mssante.fr</Nom>
                    <Description>SANS OPERATEUR</Description>
                    <DateMAJ>2025-03-13T14:54:10Z</DateMAJ>
                </Domaine>
            </ListeDomaines>""";

    @TempDir
    Path root;
    private Path file;
    private String shipped;

    @BeforeEach
    void copyShippedList() throws IOException {
        GatewayTestServer.copyConfiguration(root.resolve("config"), GatewayTestServer.freePort(), false);
        file = root.resolve("config").resolve("liste-blanche-mssante.xml");
        shipped = Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void healthCheckShouldBeHealthyWhenEveryEntryOfTheShippedListIsValid() throws Exception {
        ReloadingTrustList trustList = load(shipped);

        assertThat(new TrustListHealthCheck(trustList).evaluate().getStatus()).isEqualTo(ResultStatus.HEALTHY);
    }

    @Test
    void healthCheckShouldSayHowManyEntriesWereSkippedWhileTheOthersAreInForce() throws Exception {
        ReloadingTrustList trustList = load(withPublishedDefects(shipped));

        Result result = new TrustListHealthCheck(trustList).evaluate();

        assertThat(result.getStatus()).isEqualTo(ResultStatus.DEGRADED);
        assertThat(result.getCause()).hasValueSatisfying(cause -> assertThat(cause)
            .startsWith("3 entries skipped in the trust list in force").doesNotContain("sessad", "sans-dn"));
        assertThat(trustList.isKnownDomain("ch-tilleuls.mssante.fr")).isTrue();
        assertThat(trustList.current().domainCount()).isEqualTo(517);
    }

    @Test
    void healthCheckShouldNameARefusedFileAndTheSkippedEntriesOfTheListKeptInForce() throws Exception {
        ReloadingTrustList trustList = load(withPublishedDefects(shipped));
        publish(shipped.substring(0, shipped.length() / 2));

        assertThat(trustList.reload()).isInstanceOf(ReloadOutcome.Rejected.class);

        Result result = new TrustListHealthCheck(trustList).evaluate();
        assertThat(result.getStatus()).isEqualTo(ResultStatus.DEGRADED);
        assertThat(result.getCause()).hasValueSatisfying(cause -> assertThat(cause)
            .contains("the last trust list file was refused (MALFORMED_XML)", "3 entries skipped"));
    }

    @Test
    void gaugesShouldCountTheSkippedEntriesOfTheFileInForce() throws Exception {
        ReloadingTrustList trustList = load(withPublishedDefects(shipped));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TrustListModule.registerGauges(trustList, registry);

        assertThat(registry.get(TrustListModule.SKIPPED_GAUGE).gauge().value()).isEqualTo(3);
        assertThat(registry.get(TrustListModule.DOMAINS_GAUGE).gauge().value()).isEqualTo(517);

        publish(shipped);
        assertThat(trustList.reload()).isInstanceOf(ReloadOutcome.Swapped.class);

        assertThat(registry.get(TrustListModule.SKIPPED_GAUGE).gauge().value()).isZero();
        assertThat(registry.get(TrustListModule.DOMAINS_GAUGE).gauge().value()).isEqualTo(516);
    }

    @Test
    @SuppressWarnings("unchecked")
    void statusShouldListTheSkippedEntriesByPositionWithoutTheirContent() throws Exception {
        ReloadingTrustList trustList = load(withPublishedDefects(shipped));

        Map<String, Object> status = TrustListRoutes.status(trustList.status());

        assertThat(status).containsEntry("skippedEntries", 3);
        List<Map<String, Object>> skipped = (List<Map<String, Object>>) status.get("skipped");
        assertThat(skipped).extracting(entry -> entry.get("entry")).containsExactly(621, 622, 623);
        assertThat(skipped).extracting(entry -> entry.get("problem")).containsExactly(
            "Nom is an e-mail address, not a domain name",
            "DNCertificatOperateur is not a valid distinguished name",
            "DNCertificatOperateur is missing");
        assertThat(status.toString()).doesNotContain("sessad", "sans-dn", "sans-operateur");
    }

    private ReloadingTrustList load(String xml) throws Exception {
        publish(xml);
        return ReloadingTrustList.load(TrustListConfiguration.of(file), Clock.systemUTC());
    }

    /** The list with four entries appended: one operator name with bare quotes (read), three malformed entries (skipped). */
    static String withPublishedDefects(String list) {
        assertThat(list).contains("</ListeDomaines>");
        return list.replace("</ListeDomaines>", PUBLISHED_DEFECTS.strip());
    }

    private void publish(String xml) throws IOException {
        publish(file, xml);
    }

    /** Writes the list and its side file, as the download job does. */
    static void publish(Path file, String xml) throws IOException {
        byte[] content = xml.getBytes(StandardCharsets.UTF_8);
        Files.write(file, content);
        Files.writeString(file.resolveSibling(file.getFileName() + ".sha256"), sha256(content) + "  " + file.getFileName() + "\n",
            StandardCharsets.US_ASCII);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
