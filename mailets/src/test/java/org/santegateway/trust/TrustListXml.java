package org.santegateway.trust;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small trust list documents for tests, the real ANS extract, and a list with the national list's defects. */
final class TrustListXml {
    static final String EXTRACT_RESOURCE = "/trust/liste-blanche-mssante-extrait.xml";
    static final String OPERATOR_A = "CN=mss.operateur-a.fr,OU=111,O=OPERATEUR A,ST=Paris (75),C=FR";
    static final String OPERATOR_B = "CN=mss.operateur-b.fr,OU=222,O=OPERATEUR B,ST=Gironde (33),C=FR";

    // The three malformed entries of the national list of 2025-03-13, reproduced with invented names:
    // two operator names with a bare double quote inside a value, one Nom that is an address.
    static final String QUOTED_ORGANISATION = "CENTRE HOSPITALIER \"LES TILLEULS\"";
    static final String QUOTED_DN = "CN=mss.ch-tilleuls.fr,OU=26750045200011,O=" + QUOTED_ORGANISATION + ",ST=Paris (75),C=FR";
    static final String SECOND_QUOTED_DN = "CN=messagerie.roseraie.fr,OU=44000000000012,O=EHPAD \"LA ROSERAIE\" GESTION,ST=Loire-Atlantique (44),C=FR";
    static final String QUOTED_DN_DOMAIN = "ch-tilleuls.mssante.fr";
    static final String SECOND_QUOTED_DN_DOMAIN = "ehpad-roseraie.mssante.fr";
    static final String ADDRESS_NOM = "sessad@ase.exemple-asso.mssante.fr";
    /** Position of the {@link #ADDRESS_NOM} entry among the Domaine elements of {@link #nationalShape()}, from 1. */
    static final int ADDRESS_ENTRY = 334;
    static final int NATIONAL_OPERATORS = 12;
    static final int NATIONAL_DOMAINS = 480;

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
        return domain(name, "Etablissement", dn, dateMaj);
    }

    /** An entry laid out as the ANS writes it (contacts replaced); the texts are written as given, not escaped. */
    TrustListXml domain(String name, String description, String dn, String dateMaj) {
        entries.add("""
                    <Domaine>
                        <Nom>%s</Nom>
                        <Description>%s</Description>
                        <DNCertificatOperateur>%s</DNCertificatOperateur>
                        <ResponsableContact>contact retiré</ResponsableContact>
                        <SupportContact>contact retiré</SupportContact>
                        <DateMAJ>%s</DateMAJ>
                    </Domaine>
            """.formatted(name, description, dn, dateMaj));
        return this;
    }

    /**
     * A list shaped like the national one, generated: {@value #NATIONAL_DOMAINS} domains
     * {@code etab-NNN.mssante.fr} over {@value #NATIONAL_OPERATORS} operators
     * ({@link #nationalOperator}), every tenth domain served by a second operator, a few pairs
     * repeated as the published list repeats some; plus its three malformed entries: a domain of
     * {@link #QUOTED_DN}, one of {@link #SECOND_QUOTED_DN}, and {@link #ADDRESS_NOM} at entry
     * {@value #ADDRESS_ENTRY}. 536 Domaine elements, 482 valid domains, 14 operators.
     */
    static TrustListXml nationalShape() {
        TrustListXml xml = list();
        for (int i = 0; i < NATIONAL_DOMAINS; i++) {
            String updated = "2025-03-%02dT14:54:10Z".formatted(1 + i % 13);
            xml.domain(nationalDomain(i), "ETABLISSEMENT " + i, nationalOperator(i % NATIONAL_OPERATORS), updated);
            if (i % 10 == 0) {
                xml.domain(nationalDomain(i), "ETABLISSEMENT " + i, nationalOperator((i + 1) % NATIONAL_OPERATORS), updated);
            }
            if (i == 150) {
                xml.domain(QUOTED_DN_DOMAIN, QUOTED_ORGANISATION, QUOTED_DN, updated);
            }
            if (i == 300) {
                if (xml.entries.size() + 1 != ADDRESS_ENTRY) {
                    throw new IllegalStateException("ADDRESS_ENTRY no longer matches the generated list");
                }
                xml.domain(ADDRESS_NOM, "SESSAD", nationalOperator(3), updated);
            }
            if (i == 420) {
                xml.domain(SECOND_QUOTED_DN_DOMAIN, "EHPAD \"LA ROSERAIE\"", SECOND_QUOTED_DN, updated);
            }
        }
        for (int i = 0; i < 5; i++) {
            xml.domain(nationalDomain(i), "ETABLISSEMENT " + i, nationalOperator(i % NATIONAL_OPERATORS), "2025-03-01T14:54:10Z");
        }
        return xml;
    }

    static String nationalDomain(int index) {
        return "etab-%03d.mssante.fr".formatted(index);
    }

    static String nationalOperator(int index) {
        return "CN=mss.operateur-%02d.fr,OU=%014d,O=OPERATEUR %02d,ST=Paris (75),C=FR".formatted(index, 31831002130000L + index, index);
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
