package org.santegateway.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.audit.AuditEvent;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.audit.ChainedAuditTrail;
import org.santegateway.server.startup.FirstStart;

/** {@code gateway-admin audit-verify DIR...}: the chains of several nodes, checked with the key they share. */
class AuditVerifyCommandTest {
    private static final byte[] KEY = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

    @TempDir
    Path root;

    @Test
    void everyNodesChainShouldBeVerifiedAndABrokenOneNamed() throws Exception {
        GatewaySettings settings = new GatewaySettings(root.resolve("config"), root.resolve("data"));
        Files.createDirectories(settings.generatedConfDirectory());
        Files.writeString(settings.generatedConfDirectory().resolve(FirstStart.AUDIT_KEY), HexFormat.of().formatHex(KEY));
        Path node1 = trail("node-1", 3);
        Path node2 = trail("node-2", 2);
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        int valid = GatewayAdmin.auditVerify(new String[] {"audit-verify", node1.toString(), node2.toString()}, settings,
            new PrintStream(output, true, StandardCharsets.UTF_8));

        assertThat(valid).isZero();
        assertThat(output.toString(StandardCharsets.UTF_8))
            .contains(node1 + ": audit trail valid: 3 records checked, last 3")
            .contains(node2 + ": audit trail valid: 2 records checked, last 2");

        try (var files = Files.list(node2)) {
            Path segment = files.findFirst().orElseThrow();
            List<String> lines = Files.readAllLines(segment);
            Files.write(segment, List.of(lines.get(0).replace("accepted", "refused"), lines.get(1)));
        }
        output.reset();

        int broken = GatewayAdmin.auditVerify(new String[] {"audit-verify", node1.toString(), node2.toString()}, settings,
            new PrintStream(output, true, StandardCharsets.UTF_8));

        assertThat(broken).isEqualTo(1);
        assertThat(output.toString(StandardCharsets.UTF_8))
            .contains(node1 + ": audit trail valid")
            .contains(node2 + ": audit trail BROKEN at record 1");
    }

    private Path trail(String node, int records) {
        Path directory = root.resolve(node).resolve("audit");
        try (ChainedAuditTrail trail = new ChainedAuditTrail(directory, KEY, Optional.of(node), Clock.systemUTC())) {
            for (int i = 0; i < records; i++) {
                trail.record(new AuditEvent(Clock.systemUTC().instant(), "PROFESSIONAL", "a1b2", "smtp.submission",
                    List.of("message:ff00"), "accepted", Optional.empty()));
            }
        }
        return directory;
    }
}
