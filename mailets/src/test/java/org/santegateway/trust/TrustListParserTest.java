package org.santegateway.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.security.auth.x500.X500Principal;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.santegateway.trust.TrustListException.Reason;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class TrustListParserTest {
    private static final long LIMIT = 1024 * 1024;

    private final TrustListParser parser = new TrustListParser(LIMIT);

    /**
     * The real ANS extract, with the expected figures computed independently of the parser under
     * test: DOM + XPath over the same file, raw strings compared.
     */
    @Nested
    class RealExtract {
        private static Map<String, Set<String>> expectedDnsByDomain;
        private static int expectedDomaineElements;
        private static Instant expectedLatestUpdate;

        @BeforeAll
        static void computeExpectedFiguresWithXPath() throws Exception {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(TrustListXml.realExtract()));
            XPath xpath = XPathFactory.newInstance().newXPath();
            xpath.setNamespaceContext(new SingleNamespace("l", TrustListParser.NAMESPACE));

            expectedDomaineElements = ((Double) xpath.evaluate("count(/l:ListeBlancheMSSante/l:ListeDomaines/l:Domaine)",
                document, XPathConstants.NUMBER)).intValue();
            NodeList domaines = (NodeList) xpath.evaluate("//l:Domaine", document, XPathConstants.NODESET);
            expectedDnsByDomain = new HashMap<>();
            Instant latest = Instant.MIN;
            for (int i = 0; i < domaines.getLength(); i++) {
                Element domaine = (Element) domaines.item(i);
                String name = xpath.evaluate("l:Nom", domaine).strip().toLowerCase();
                String dn = xpath.evaluate("l:DNCertificatOperateur", domaine).strip();
                expectedDnsByDomain.computeIfAbsent(name, n -> new HashSet<>()).add(dn);
                Instant updated = Instant.parse(xpath.evaluate("l:DateMAJ", domaine).strip());
                latest = updated.isAfter(latest) ? updated : latest;
            }
            expectedLatestUpdate = latest;
        }

        @Test
        void parseShouldFindEveryDomainOfTheExtract() throws Exception {
            TrustList list = parser.parse(TrustListXml.realExtract());

            assertThat(expectedDomaineElements).isEqualTo(619);
            assertThat(list.domainCount()).isEqualTo(expectedDnsByDomain.size()).isEqualTo(516);
            assertThat(list.domains()).containsExactlyInAnyOrderElementsOf(expectedDnsByDomain.keySet());
        }

        @Test
        void parseShouldCountDistinctPairsWhenTheExtractRepeatsSome() throws Exception {
            int expectedPairs = expectedDnsByDomain.values().stream().mapToInt(Set::size).sum();

            TrustList list = parser.parse(TrustListXml.realExtract());

            assertThat(expectedPairs).isEqualTo(614).isLessThan(expectedDomaineElements);
            assertThat(list.entryCount()).isEqualTo(expectedPairs);
        }

        @Test
        void parseShouldCountDistinctOperators() throws Exception {
            Set<String> expectedDns = expectedDnsByDomain.values().stream().flatMap(Set::stream).collect(Collectors.toSet());

            TrustList list = parser.parse(TrustListXml.realExtract());

            // The extract writes each operator's name one way only, so the raw and canonical counts agree.
            assertThat(list.operatorCount()).isEqualTo(expectedDns.size()).isEqualTo(35);
        }

        @Test
        void parseShouldKeepEveryOperatorOfADomainServedBySeveral() throws Exception {
            String busiest = expectedDnsByDomain.entrySet().stream()
                .max(Map.Entry.comparingByValue((a, b) -> Integer.compare(a.size(), b.size())))
                .orElseThrow().getKey();
            Set<OperatorDn> expected = expectedDnsByDomain.get(busiest).stream().map(OperatorDn::parse).collect(Collectors.toSet());

            TrustList list = parser.parse(TrustListXml.realExtract());

            assertThat(expected).hasSize(5);
            assertThat(list.operatorsFor(busiest)).containsExactlyInAnyOrderElementsOf(expected);
            for (OperatorDn operator : expected) {
                assertThat(list.isAllowed(busiest.toUpperCase(), operator.principal())).isTrue();
            }
        }

        @Test
        void parseShouldAnswerEveryListedPairAndRefuseOthers() throws Exception {
            TrustList list = parser.parse(TrustListXml.realExtract());

            expectedDnsByDomain.forEach((domain, dns) -> dns.forEach(dn ->
                assertThat(list.isAllowed(domain, OperatorDn.parse(dn))).as(domain).isTrue()));
            assertThat(list.isAllowed("adsea29.mssante.fr",
                OperatorDn.parse("CN=smtp-1.sante.santnet.com,OU=341459958900028,O=DEDALUS HEALTHCARE FRANCE,ST=Gironde (33),C=FR"))).isFalse();
            assertThat(list.isKnownDomain("not-in-the-list.mssante.fr")).isFalse();
        }

        @Test
        void parseShouldMatchAClientCertificateNameWrittenDifferently() throws Exception {
            TrustList list = parser.parse(TrustListXml.realExtract());

            assertThat(list.isAllowed("ADSEA29.MSSANTE.FR.",
                new javax.security.auth.x500.X500Principal("C=FR, ST=Haute-Garonne (31), O=GIP MIPIH, OU=318310021300028, CN=medimail-asip.mipih.fr")))
                .isTrue();
        }

        @Test
        void parseShouldExposeFreshness() throws Exception {
            TrustList list = parser.parse(TrustListXml.realExtract());

            assertThat(list.latestUpdate()).contains(expectedLatestUpdate);
            assertThat(list.generatedAt()).contains(Instant.parse("2025-03-13T14:54:10Z"));
        }

        @Test
        void parseShouldGiveTheSameListWhenInputArrivesOneByteAtATime() throws Exception {
            TrustList whole = parser.parse(TrustListXml.realExtract());

            TrustList trickled = parser.parse(new OneByteAtATime(TrustListXml.realExtract()));

            assertThat(trickled.domains()).isEqualTo(whole.domains());
            assertThat(trickled.entryCount()).isEqualTo(whole.entryCount());
        }
    }

    @Nested
    class Refusals {
        @Test
        void parseShouldRefuseWhenXmlIsMalformed() {
            byte[] xml = TrustListXml.list().domains(2).xml().replace("</Nom>", "</Name>").getBytes(StandardCharsets.UTF_8);

            assertRefused(xml, Reason.MALFORMED_XML, "line ");
        }

        @Test
        void parseShouldRefuseWhenDocumentIsTruncated() {
            byte[] xml = TrustListXml.realExtract();

            assertRefused(Arrays.copyOf(xml, xml.length / 2), Reason.MALFORMED_XML, "malformed XML");
        }

        @Test
        void parseShouldRefuseWhenInputIsNotXml() {
            assertRefused("%PDF-1.7 not a trust list".getBytes(StandardCharsets.UTF_8), Reason.MALFORMED_XML, "malformed XML");
        }

        @Test
        void parseShouldRefuseWhenInputIsEmpty() {
            assertRefused(new byte[0], Reason.MALFORMED_XML, "malformed XML");
        }

        @Test
        void parseShouldRefuseWhenNamespaceIsWrong() {
            byte[] xml = TrustListXml.list().domains(2).namespace("https://example.org/other").bytes();

            assertRefused(xml, Reason.WRONG_NAMESPACE, "namespace https://example.org/other, expected namespace https://listeblanche.mssante.fr/schema");
        }

        @Test
        void parseShouldRefuseWhenNamespaceIsMissing() {
            byte[] xml = TrustListXml.list().domains(2).namespace(null).bytes();

            assertRefused(xml, Reason.WRONG_NAMESPACE, "no namespace");
        }

        @Test
        void parseShouldRefuseWhenRootIsWrong() {
            byte[] xml = TrustListXml.list().domains(2).root("ListeNoire").bytes();

            assertRefused(xml, Reason.WRONG_ROOT, "root element is ListeNoire, expected ListeBlancheMSSante");
        }

        @Test
        void parseShouldRefuseWhenListHasNoEntry() {
            assertRefused(TrustListXml.list().bytes(), Reason.EMPTY, "no ListeDomaines/Domaine entry");
        }

        @Test
        void parseShouldRefuseWhenTooManyEntriesAreMalformed() {
            TrustListXml xml = TrustListXml.list().domains(3);
            for (int i = 0; i < 2; i++) {
                xml.domain("a" + i + "@example.fr", TrustListXml.OPERATOR_A);
            }

            assertRefused(xml.bytes(), Reason.TOO_MANY_INVALID_ENTRIES,
                "2 of 5 Domaine entries are malformed (more than 25%), first entry 4 (line ");
        }

        @Test
        void parseShouldRefuseWhenNoEntryIsValidEvenWithoutAThreshold() {
            byte[] xml = TrustListXml.list().domain("not a domain", TrustListXml.OPERATOR_A).bytes();

            assertThatThrownBy(() -> new TrustListParser(LIMIT, 1.0).parse(xml))
                .isInstanceOfSatisfying(TrustListException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.EMPTY);
                    assertThat(e.getMessage()).contains("no valid Domaine entry (1 malformed, first entry 1");
                });
        }

        @Test
        void parseShouldRefuseWhenDateDeGenerationIsInvalid() {
            byte[] xml = TrustListXml.list().domains(1).xml().replace("2025-03-13T14:54:10Z</DateDeGeneration>", "hier</DateDeGeneration>")
                .getBytes(StandardCharsets.UTF_8);

            assertRefused(xml, Reason.INVALID_HEADER, "DateDeGeneration is not an ISO-8601 date-time");
        }

        @Test
        void parseShouldRefuseAnEntryWithChildElementsInsteadOfText() {
            // Not a malformed value but a document of another shape: the file is refused.
            byte[] xml = TrustListXml.list().domains(10)
                .rawEntry("<Domaine><Nom><Label>a</Label></Nom><DNCertificatOperateur>CN=a,C=FR</DNCertificatOperateur></Domaine>").bytes();

            assertRefused(xml, Reason.MALFORMED_XML, "malformed XML");
        }

        @Test
        void parseShouldRefuseWhenInputExceedsTheLimit() {
            TrustListParser small = new TrustListParser(10_000);

            assertThatThrownBy(() -> small.parse(TrustListXml.realExtract()))
                .isInstanceOfSatisfying(TrustListException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessage("larger than the limit of 10000 bytes");
        }

        @Test
        void parseShouldStopReadingWhenAnEndlessStreamExceedsTheLimit() {
            InputStream endless = new InputStream() {
                private final byte[] start = ("<?xml version=\"1.0\"?><ListeBlancheMSSante xmlns=\"" + TrustListParser.NAMESPACE + "\"><ListeDomaines>")
                    .getBytes(StandardCharsets.UTF_8);
                private long position;

                @Override
                public int read() {
                    long p = position++;
                    return p < start.length ? start[(int) p] : ' ';
                }
            };

            assertThatThrownBy(() -> parser.parse(endless))
                .isInstanceOfSatisfying(TrustListException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
        }
    }

    @Nested
    class HostileXml {
        @Test
        void parseShouldRefuseAnExternalEntity() throws IOException {
            String xml = """
                <?xml version="1.0"?>
                <!DOCTYPE ListeBlancheMSSante [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <ListeBlancheMSSante xmlns="https://listeblanche.mssante.fr/schema"><ListeDomaines>
                <Domaine><Nom>&xxe;</Nom><DNCertificatOperateur>CN=a,C=FR</DNCertificatOperateur></Domaine>
                </ListeDomaines></ListeBlancheMSSante>
                """;

            assertRefused(xml.getBytes(StandardCharsets.UTF_8), Reason.DOCTYPE_NOT_ALLOWED, "a DOCTYPE is not allowed");
        }

        @Test
        void parseShouldRefuseAnExternalDtd() {
            String xml = """
                <?xml version="1.0"?>
                <!DOCTYPE ListeBlancheMSSante SYSTEM "http://127.0.0.1:1/evil.dtd">
                <ListeBlancheMSSante xmlns="https://listeblanche.mssante.fr/schema"/>
                """;

            assertRefused(xml.getBytes(StandardCharsets.UTF_8), Reason.DOCTYPE_NOT_ALLOWED, "a DOCTYPE is not allowed");
        }

        @Test
        void parseShouldRefuseEntityExpansion() {
            String xml = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
                <ListeBlancheMSSante xmlns="https://listeblanche.mssante.fr/schema"><ListeDomaines>
                <Domaine><Nom>&lol2;</Nom><DNCertificatOperateur>CN=a,C=FR</DNCertificatOperateur></Domaine>
                </ListeDomaines></ListeBlancheMSSante>
                """;

            assertRefused(xml.getBytes(StandardCharsets.UTF_8), Reason.DOCTYPE_NOT_ALLOWED, "a DOCTYPE is not allowed");
        }

        @Test
        void parseShouldRefuseAnUndeclaredEntityWithoutDoctype() {
            String xml = TrustListXml.list().domain("&xxe;", TrustListXml.OPERATOR_A).xml();

            assertRefused(xml.getBytes(StandardCharsets.UTF_8), Reason.MALFORMED_XML, "malformed XML");
        }
    }

    /** One bad entry is skipped, recorded by position, and the rest of the list is used. */
    @Nested
    class MalformedEntries {
        @Test
        void parseShouldSkipAnEntryWhenNomIsMissing() throws Exception {
            byte[] xml = TrustListXml.list().domains(4)
                .rawEntry("<Domaine><DNCertificatOperateur>CN=a,C=FR</DNCertificatOperateur></Domaine>").bytes();

            assertSkipped(xml, 5, "Nom is missing");
        }

        @Test
        void parseShouldSkipAnEntryWhenOperatorDnIsMissing() throws Exception {
            byte[] xml = TrustListXml.list().rawEntry("<Domaine><Nom>a.example.fr</Nom></Domaine>").domains(4).bytes();

            assertSkipped(xml, 1, "DNCertificatOperateur is missing");
        }

        @Test
        void parseShouldSkipAnEntryWhenOperatorDnIsInvalid() throws Exception {
            byte[] xml = TrustListXml.list().domains(2).domain("a.example.fr", "not a DN")
                .domain("b.example.fr", TrustListXml.OPERATOR_A).domain("c.example.fr", TrustListXml.OPERATOR_B).bytes();

            assertSkipped(xml, 3, "DNCertificatOperateur is not a valid distinguished name");
        }

        @Test
        void parseShouldSkipAnEntryWhenDomainNameIsInvalid() throws Exception {
            byte[] xml = TrustListXml.list().domains(4).domain("not a domain", TrustListXml.OPERATOR_A).bytes();

            assertSkipped(xml, 5, "Nom is not a valid domain name");
        }

        @Test
        void parseShouldSkipAnEntryWhenNomIsAnAddress() throws Exception {
            byte[] xml = TrustListXml.list().domains(4).domain(TrustListXml.ADDRESS_NOM, TrustListXml.OPERATOR_A).bytes();

            TrustList list = assertSkipped(xml, 5, "Nom is an e-mail address, not a domain name");

            assertThat(list.isKnownDomain("ase.exemple-asso.mssante.fr")).isFalse();
        }

        @Test
        void parseShouldSkipAnEntryWhenDateMajIsInvalidAndNotCountItsDate() throws Exception {
            byte[] xml = TrustListXml.list().domains(4).domain("a.example.fr", TrustListXml.OPERATOR_A, "hier").bytes();

            TrustList list = assertSkipped(xml, 5, "DateMAJ is not an ISO-8601 date-time");

            assertThat(list.latestUpdate()).contains(Instant.parse("2025-03-13T14:54:10Z"));
        }

        @Test
        void parseShouldSkipAnEntryWhenNomAppearsTwice() throws Exception {
            byte[] xml = TrustListXml.list().domains(4)
                .rawEntry("<Domaine><Nom>a.example.fr</Nom><Nom>b.example.fr</Nom><DNCertificatOperateur>CN=a,C=FR</DNCertificatOperateur></Domaine>")
                .bytes();

            TrustList list = assertSkipped(xml, 5, "Nom appears twice");

            assertThat(list.isKnownDomain("a.example.fr")).isFalse();
            assertThat(list.isKnownDomain("b.example.fr")).isFalse();
        }

        @Test
        void parseShouldSkipAnEntryWhenOperatorDnAppearsTwice() throws Exception {
            byte[] xml = TrustListXml.list().domains(4)
                .rawEntry("<Domaine><Nom>a.example.fr</Nom><DNCertificatOperateur>CN=a,C=FR</DNCertificatOperateur>"
                    + "<DNCertificatOperateur>CN=b,C=FR</DNCertificatOperateur></Domaine>")
                .bytes();

            assertSkipped(xml, 5, "DNCertificatOperateur appears twice");
        }

        @Test
        void parseShouldGiveTheLineWhereTheSkippedEntryStarts() throws Exception {
            String xml = TrustListXml.list().domains(2).domain(TrustListXml.ADDRESS_NOM, TrustListXml.OPERATOR_A).domains(1).xml();

            SkippedEntry skipped = parser.parse(xml.getBytes(StandardCharsets.UTF_8)).skippedEntries().get(0);

            String[] lines = xml.split("\n");
            assertThat(lines[skipped.line() - 1]).contains("<Domaine>");
            assertThat(lines[skipped.line()]).contains("<Nom>" + TrustListXml.ADDRESS_NOM + "</Nom>");
        }

        @Test
        void skippedEntryShouldNameThePositionAndProblemOnly() throws Exception {
            byte[] xml = TrustListXml.list().domains(4).domain(TrustListXml.ADDRESS_NOM, TrustListXml.OPERATOR_A).bytes();

            String described = parser.parse(xml).skippedEntries().get(0).toString();

            assertThat(described).matches("entry 5 \\(line \\d+\\): Nom is an e-mail address, not a domain name")
                .doesNotContain("sessad", "exemple-asso", "OPERATEUR");
        }

        private TrustList assertSkipped(byte[] xml, int index, String problem) throws TrustListException {
            TrustList list = parser.parse(xml);

            assertThat(list.skippedEntries()).singleElement().satisfies(skipped -> {
                assertThat(skipped.index()).isEqualTo(index);
                assertThat(skipped.line()).isPositive();
                assertThat(skipped.problem()).isEqualTo(problem);
            });
            assertThat(list.domainCount()).isEqualTo(4);
            return list;
        }
    }

    /** The national list's shape and its three malformed entries ({@link TrustListXml#nationalShape()}). */
    @Nested
    class NationalShape {
        private final byte[] national = TrustListXml.nationalShape().bytes();

        @Test
        void parseShouldLoadEveryEntryButTheAddress() throws Exception {
            TrustList list = parser.parse(national);

            assertThat(list.domainCount()).isEqualTo(TrustListXml.NATIONAL_DOMAINS + 2).isEqualTo(482);
            assertThat(list.operatorCount()).isEqualTo(TrustListXml.NATIONAL_OPERATORS + 2);
            assertThat(list.entryCount()).isEqualTo(482 + 48);
            assertThat(list.skippedEntries()).singleElement().satisfies(skipped -> {
                assertThat(skipped.index()).isEqualTo(TrustListXml.ADDRESS_ENTRY);
                assertThat(skipped.problem()).isEqualTo("Nom is an e-mail address, not a domain name");
            });
            assertThat(list.domains()).noneMatch(domain -> domain.contains("@"));
            assertThat(list.isKnownDomain("ase.exemple-asso.mssante.fr")).isFalse();
        }

        @Test
        void parseShouldMatchTheCertificateOfAnOperatorWhoseListedNameHasBareQuotes() throws Exception {
            X500Principal certificateSubject = subject(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, new DERPrintableString("FR"))
                .addRDN(BCStyle.ST, new DERUTF8String("Paris (75)"))
                .addRDN(BCStyle.O, new DERUTF8String(TrustListXml.QUOTED_ORGANISATION))
                .addRDN(BCStyle.OU, new DERPrintableString("26750045200011"))
                .addRDN(BCStyle.CN, new DERPrintableString("mss.ch-tilleuls.fr")));

            TrustList list = parser.parse(national);

            assertThat(list.isAllowed(TrustListXml.QUOTED_DN_DOMAIN, certificateSubject)).isTrue();
            assertThat(list.isListedOperator(certificateSubject)).isTrue();
            assertThat(list.isAllowed(TrustListXml.nationalDomain(1), certificateSubject)).isFalse();
            assertThat(list.isAllowed(TrustListXml.SECOND_QUOTED_DN_DOMAIN,
                new X500Principal("CN=messagerie.roseraie.fr,OU=44000000000012,O=EHPAD \\\"LA ROSERAIE\\\" GESTION,ST=Loire-Atlantique (44),C=FR")))
                .isTrue();
        }

        @Test
        void parseShouldIgnoreQuotesInDescriptionsAndKeepTheLatestDateMaj() throws Exception {
            TrustList list = parser.parse(national);

            assertThat(list.latestUpdate()).contains(Instant.parse("2025-03-13T14:54:10Z"));
            assertThat(list.generatedAt()).contains(Instant.parse("2025-03-13T14:54:10Z"));
        }

        @Test
        void parseShouldGiveTheSameListWhenInputArrivesOneByteAtATime() throws Exception {
            TrustList whole = parser.parse(national);

            TrustList trickled = parser.parse(new OneByteAtATime(national));

            assertThat(trickled.domains()).isEqualTo(whole.domains());
            assertThat(trickled.skippedEntries()).isEqualTo(whole.skippedEntries());
        }

        @Test
        void parseShouldRefuseTheFileWhenItIsTruncated() {
            byte[] truncated = Arrays.copyOf(national, national.length / 2);

            assertRefused(truncated, Reason.MALFORMED_XML, "malformed XML");
        }

        private X500Principal subject(X500NameBuilder builder) throws IOException {
            return new X500Principal(builder.build().getEncoded());
        }
    }

    @Nested
    class Tolerance {
        @Test
        void parseShouldIgnoreUnknownElementsAndOtherNamespaces() throws Exception {
            byte[] xml = TrustListXml.list()
                .rawEntry("<Domaine><Nom>a.example.fr</Nom><x:Nom xmlns:x=\"urn:other\">b.example.fr</x:Nom>"
                    + "<Futur><Champ>1</Champ></Futur><DNCertificatOperateur>CN=a,C=FR</DNCertificatOperateur></Domaine>")
                .bytes();

            TrustList list = parser.parse(xml);

            assertThat(list.domains()).containsExactly("a.example.fr");
        }

        @Test
        void parseShouldAcceptAnEntryWithoutDateMaj() throws Exception {
            byte[] xml = TrustListXml.list()
                .rawEntry("<Domaine><Nom>a.example.fr</Nom><DNCertificatOperateur>CN=a,C=FR</DNCertificatOperateur></Domaine>")
                .bytes();

            TrustList list = parser.parse(xml);

            assertThat(list.latestUpdate()).isEmpty();
            assertThat(list.domainCount()).isEqualTo(1);
        }

        @Test
        void parseShouldAcceptDatesWithAnOffset() throws Exception {
            TrustList list = parser.parse(TrustListXml.list().domain("a.example.fr", TrustListXml.OPERATOR_A, "2025-03-14T16:34:10+01:00").bytes());

            assertThat(list.latestUpdate()).contains(Instant.parse("2025-03-14T15:34:10Z"));
        }

        @Test
        void parseShouldLowerCaseDomainNames() throws Exception {
            TrustList list = parser.parse(TrustListXml.list().domain(" Hopital.MSSante.FR ", TrustListXml.OPERATOR_A).bytes());

            assertThat(list.domains()).containsExactly("hopital.mssante.fr");
        }
    }

    private void assertRefused(byte[] xml, Reason reason, String messagePart) {
        assertThatThrownBy(() -> parser.parse(xml))
            .isInstanceOfSatisfying(TrustListException.class, e -> {
                assertThat(e.reason()).isEqualTo(reason);
                assertThat(e.getMessage()).contains(messagePart).doesNotContain("\n").doesNotContain("Exception");
                assertThat(e.getStackTrace()).isEmpty();
            });
    }

    private static final class OneByteAtATime extends InputStream {
        private final ByteArrayInputStream in;

        OneByteAtATime(byte[] content) {
            this.in = new ByteArrayInputStream(content);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return in.read(buffer, offset, Math.min(1, length));
        }
    }

    private record SingleNamespace(String prefix, String uri) implements NamespaceContext {
        @Override
        public String getNamespaceURI(String p) {
            return prefix.equals(p) ? uri : XMLConstants.NULL_NS_URI;
        }

        @Override
        public String getPrefix(String namespaceUri) {
            return uri.equals(namespaceUri) ? prefix : null;
        }

        @Override
        public java.util.Iterator<String> getPrefixes(String namespaceUri) {
            return java.util.List.of(prefix).iterator();
        }
    }
}
