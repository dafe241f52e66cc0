package org.santegateway.trust;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small trust list documents for tests, and the real ANS extract. */
final class TrustListXml {
    static final String EXTRACT_RESOURCE = "/trust/liste-blanche-mssante-extrait.xml";
    static final String OPERATOR_A = "CN=mss.operateur-a.fr,OU=111,O=OPERATEUR A,ST=Paris (75),C=FR";
    static final String OPERATOR_B = "CN=mss.operateur-b.fr,OU=222,O=OPERATEUR B,ST=Gironde (33),C=FR";

    private final List<String> entries = new ArrayList<>();
    private String namespace = TrustListParser.NAMESPACE;
    private String root = TrustListParser.ROOT;

    static TrustListXml list() {
        return new TrustListXml();
    }

    static byte[] realExtract() {
        try (InputStream in = TrustListXml.class.getResourceAsStream(EXTRACT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(EXTRACT_RESOURCE + " missing from the test resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TrustListXml domain(String name, String dn) {
        return domain(name, dn, "2025-03-13T14:54:10Z");
    }

    TrustListXml domain(String name, String dn, String dateMaj) {
        entries.add("""
                    <Domaine>
                        <Nom>%s</Nom>
                        <Description>Etablissement</Description>
                        <DNCertificatOperateur>%s</DNCertificatOperateur>
                        <ResponsableContact>contact retiré</ResponsableContact>
                        <SupportContact>contact retiré</SupportContact>
                        <DateMAJ>%s</DateMAJ>
                    </Domaine>
            """.formatted(name, dn, dateMaj));
        return this;
    }

    TrustListXml rawEntry(String xml) {
        entries.add(xml);
        return this;
    }

    /** Domains d0.example.fr ... d(n-1).example.fr, all served by operator A. */
    TrustListXml domains(int count) {
        for (int i = 0; i < count; i++) {
            domain("d" + i + ".example.fr", OPERATOR_A);
        }
        return this;
    }

    TrustListXml namespace(String namespace) {
        this.namespace = namespace;
        return this;
    }

    TrustListXml root(String root) {
        this.root = root;
        return this;
    }

    String xml() {
        String xmlns = namespace == null ? "" : " xmlns=\"" + namespace + "\"";
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + root + xmlns + ">\n"
            + "    <DateDeGeneration>2025-03-13T14:54:10Z</DateDeGeneration>\n"
            + "    <ListeDomaines>\n" + String.join("", entries) + "    </ListeDomaines>\n"
            + "</" + root + ">\n";
    }

    byte[] bytes() {
        return xml().getBytes(StandardCharsets.UTF_8);
    }
}
