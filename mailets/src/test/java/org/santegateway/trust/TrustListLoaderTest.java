package org.santegateway.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.trust.TrustListConfiguration.Checksum;
import org.santegateway.trust.TrustListException.Reason;
import org.santegateway.trust.TrustListLoader.LoadedTrustList;

class TrustListLoaderTest {
    @TempDir
    Path directory;
    private Path file;

    @BeforeEach
    void writeRealExtract() throws IOException {
        file = directory.resolve("liste-blanche.xml");
        Files.write(file, TrustListXml.realExtract());
    }

    @Nested
    class SideFileChecksum {
        @Test
        void loadShouldAcceptTheListWhenSideFileHasSha256sumFormat() throws Exception {
            writeSideFile(TrustListLoader.sha256(TrustListXml.realExtract()) + "  liste-blanche.xml\n");

            LoadedTrustList loaded = new TrustListLoader(TrustListConfiguration.of(file)).load();

            assertThat(loaded.list().domainCount()).isEqualTo(516);
            assertThat(loaded.sha256()).isEqualTo(TrustListLoader.sha256(TrustListXml.realExtract()));
        }

        @Test
        void loadShouldAcceptTheListWhenSideFileHasTheBareUpperCaseValue() throws Exception {
            writeSideFile(TrustListLoader.sha256(TrustListXml.realExtract()).toUpperCase());

            assertThat(new TrustListLoader(TrustListConfiguration.of(file)).load().list().domainCount()).isEqualTo(516);
        }

        @Test
        void loadShouldRefuseWhenChecksumDoesNotMatch() {
            writeSideFile("0".repeat(64) + "  liste-blanche.xml\n");

            assertRefused(TrustListConfiguration.of(file), Reason.CHECKSUM_MISMATCH, "expected " + "0".repeat(64));
        }

        @Test
        void loadShouldRefuseWhenTheFileWasModifiedAfterTheChecksum() throws IOException {
            writeSideFile(TrustListLoader.sha256(TrustListXml.realExtract()));
            byte[] modified = new String(TrustListXml.realExtract(), StandardCharsets.UTF_8)
                .replace("adsea29.mssante.fr", "adsea28.mssante.fr").getBytes(StandardCharsets.UTF_8);
            Files.write(file, modified);

            assertRefused(TrustListConfiguration.of(file), Reason.CHECKSUM_MISMATCH, "SHA-256 is " + TrustListLoader.sha256(modified));
        }

        @Test
        void loadShouldRefuseWhenSideFileIsMissing() {
            assertRefused(TrustListConfiguration.of(file), Reason.CHECKSUM_MISSING, "liste-blanche.xml.sha256: no such file");
        }

        @Test
        void loadShouldRefuseWhenSideFileIsNotAChecksum() {
            writeSideFile("d41d8cd98f00b204e9800998ecf8427e  liste-blanche.xml\n");

            assertRefused(TrustListConfiguration.of(file), Reason.CHECKSUM_MISSING, "not a SHA-256 checksum");
        }
    }

    @Nested
    class PinnedChecksum {
        @Test
        void loadShouldAcceptTheListWhenPinnedChecksumMatches() throws Exception {
            TrustListConfiguration configuration = TrustListConfiguration.of(file)
                .withChecksum(Checksum.pinned(TrustListLoader.sha256(TrustListXml.realExtract())));

            assertThat(new TrustListLoader(configuration).load().list().domainCount()).isEqualTo(516);
        }

        @Test
        void loadShouldRefuseWhenPinnedChecksumDiffers() {
            TrustListConfiguration configuration = TrustListConfiguration.of(file).withChecksum(Checksum.pinned("a".repeat(64)));

            assertRefused(configuration, Reason.CHECKSUM_MISMATCH, "expected " + "a".repeat(64));
        }

        @Test
        void pinnedShouldRejectAValueThatIsNotASha256() {
            assertThatThrownBy(() -> Checksum.pinned("abc")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class WithoutChecksum {
        @Test
        void loadShouldIgnoreAnySideFileWhenChecksumIsNone() throws Exception {
            writeSideFile("0".repeat(64));

            LoadedTrustList loaded = new TrustListLoader(TrustListConfiguration.of(file).withChecksum(Checksum.none())).load();

            assertThat(loaded.list().domainCount()).isEqualTo(516);
        }
    }

    @Test
    void loadShouldAddLocalAdditionsToThePublishedList() throws Exception {
        TrustListConfiguration configuration = TrustListConfiguration.of(file).withChecksum(Checksum.none())
            .withLocalAdditions(List.of(
                TrustEntry.of("partenaire-test.fr", TrustListXml.OPERATOR_A),
                TrustEntry.of("adsea29.mssante.fr", TrustListXml.OPERATOR_B)));

        LoadedTrustList loaded = new TrustListLoader(configuration).load();

        assertThat(loaded.publishedDomainCount()).isEqualTo(516);
        assertThat(loaded.list().domainCount()).isEqualTo(517);
        assertThat(loaded.list().isAllowed("partenaire-test.fr", OperatorDn.parse(TrustListXml.OPERATOR_A))).isTrue();
        assertThat(loaded.list().operatorsFor("adsea29.mssante.fr")).hasSize(2).contains(OperatorDn.parse(TrustListXml.OPERATOR_B));
        assertThat(loaded.list().latestUpdate()).isPresent();
    }

    @Test
    void loadShouldKeepTheSkippedEntriesOfThePublishedListWhenLocalAdditionsAreAdded() throws Exception {
        Files.write(file, TrustListXml.nationalShape().bytes());
        TrustListConfiguration configuration = TrustListConfiguration.of(file).withChecksum(Checksum.none())
            .withLocalAdditions(List.of(TrustEntry.of("partenaire-test.fr", TrustListXml.OPERATOR_A)));

        LoadedTrustList loaded = new TrustListLoader(configuration).load();

        assertThat(loaded.publishedDomainCount()).isEqualTo(482);
        assertThat(loaded.list().domainCount()).isEqualTo(483);
        assertThat(loaded.list().skippedEntries()).extracting(SkippedEntry::index).containsExactly(TrustListXml.ADDRESS_ENTRY);
    }

    @Test
    void loadShouldRefuseWithoutReadingWhenFileExceedsTheLimit() {
        assertRefused(TrustListConfiguration.of(file).withChecksum(Checksum.none()).withMaxBytes(1000),
            Reason.TOO_LARGE, "larger than the limit of 1000 bytes");
    }

    @Test
    void loadShouldRefuseWhenFileIsMissing() {
        assertRefused(TrustListConfiguration.of(directory.resolve("absent.xml")).withChecksum(Checksum.none()),
            Reason.UNREADABLE, "absent.xml: no such file");
    }

    @Test
    void loadShouldRefuseWhenFileIsADirectory() {
        assertRefused(TrustListConfiguration.of(directory).withChecksum(Checksum.none()), Reason.UNREADABLE, "cannot be read");
    }

    @Test
    void configurationShouldRejectAnOutOfRangeDropFraction() {
        assertThatThrownBy(() -> TrustListConfiguration.of(file).withMaxDroppedFraction(0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDroppedFraction");
    }

    private void writeSideFile(String content) {
        try {
            Files.writeString(directory.resolve("liste-blanche.xml.sha256"), content, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertRefused(TrustListConfiguration configuration, Reason reason, String messagePart) {
        assertThatThrownBy(() -> new TrustListLoader(configuration).load())
            .isInstanceOfSatisfying(TrustListException.class, e -> {
                assertThat(e.reason()).isEqualTo(reason);
                assertThat(e.getMessage()).contains(messagePart);
            });
    }
}
