package org.santegateway.server.dmp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.santegateway.ins.MatriculeIns;

/** IHE XDM packages, CDA documents and PDFs shaped like the real ones, built in the tests (with the INS OIDs). */
public final class DmpTestDocuments {
    public static final String INS_NIR_OID = "1.2.250.1.213.1.4.8";

    private DmpTestDocuments() {
    }

    public static String ins(String body) {
        return body + MatriculeIns.keyOf(body);
    }

    /** XDS CX of a qualified INS-NIR. */
    public static String insCx(String ins) {
        return ins + "^^^&" + INS_NIR_OID + "&ISO";
    }

    public static byte[] pdf(int size, long seed) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        byte[] magic = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, content, 0, Math.min(magic.length, size));
        return content;
    }

    /** A CDA R2 document for {@code ins} (root {@code insRoot}), LOINC {@code code}, with {@code body} in its text. */
    public static byte[] cda(String insRoot, String ins, String code, String body) {
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <ClinicalDocument xmlns="urn:hl7-org:v3">
              <realmCode code="FR"/>
              <typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>
              <id root="1.2.250.1.999.1.1.7" extension="DOC-%s"/>
              <code code="%s" codeSystem="2.16.840.1.113883.6.1" displayName="Compte rendu"/>
              <title>Compte rendu de consultation</title>
              <effectiveTime value="20240115103000+0100"/>
              <confidentialityCode code="N" codeSystem="2.16.840.1.113883.5.25"/>
              <recordTarget><patientRole><id root="%s" extension="%s"/></patientRole></recordTarget>
              <author><time value="20240115103000+0100"/><assignedAuthor>
                <id root="1.2.250.1.71.4.2.1" extension="810001234567"/>
                <assignedPerson><name><prefix>Dr</prefix><given>Jean</given><family>MARTIN</family></name></assignedPerson>
              </assignedAuthor></author>
              <component><structuredBody><component><section><title>Conclusion</title><text>%s</text></section></component></structuredBody></component>
            </ClinicalDocument>
            """.formatted(Integer.toHexString(body.hashCode()), code, insRoot, ins, body).getBytes(StandardCharsets.UTF_8);
    }

    /** One document of a package: its entry id, file, MIME type, content and the patientId CX its metadata declares. */
    public record Doc(String id, String file, String mimeType, byte[] content, String patientCx, String typeCode) {
        public static Doc cda(String id, String ins, String body) {
            return new Doc(id, id + ".XML", "text/xml", DmpTestDocuments.cda(INS_NIR_OID, ins, "11488-4", body), insCx(ins), "11488-4");
        }

        public static Doc pdf(String id, String patientCx, byte[] content) {
            return new Doc(id, id + ".PDF", "application/pdf", content, patientCx, "60591-5");
        }
    }

    public static byte[] xdm(String submissionSetPatientCx, List<Doc> docs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, "INDEX.HTM", "<html><body><a href=\"IHE_XDM/SUBSET01/METADATA.XML\">Contenu</a></body></html>".getBytes(StandardCharsets.UTF_8));
            entry(zip, "README.TXT", "Paquet IHE XDM de test.\n".getBytes(StandardCharsets.UTF_8));
            entry(zip, "IHE_XDM/SUBSET01/METADATA.XML", metadata(submissionSetPatientCx, docs).getBytes(StandardCharsets.UTF_8));
            for (Doc doc : docs) {
                entry(zip, "IHE_XDM/SUBSET01/" + doc.file(), doc.content());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    static String metadata(String submissionSetPatientCx, List<Doc> docs) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
            .append("<lcm:SubmitObjectsRequest xmlns:lcm=\"urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0\"")
            .append(" xmlns:rim=\"urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0\">\n  <rim:RegistryObjectList>\n");
        for (Doc doc : docs) {
            xml.append("    <rim:ExtrinsicObject id=\"").append(doc.id()).append("\" mimeType=\"").append(doc.mimeType())
                .append("\" objectType=\"urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1\">\n");
            slot(xml, "creationTime", "20240115093000");
            slot(xml, "hash", sha1(doc.content()));
            slot(xml, "size", Integer.toString(doc.content().length));
            slot(xml, "URI", doc.file());
            xml.append("      <rim:Name><rim:LocalizedString value=\"Compte rendu ").append(doc.id()).append("\"/></rim:Name>\n");
            xml.append("      <rim:Classification id=\"cl-author-").append(doc.id())
                .append("\" classificationScheme=\"urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d\" classifiedObject=\"")
                .append(doc.id()).append("\" nodeRepresentation=\"\">\n");
            slot(xml, "authorPerson", escape("810001234567^MARTIN^Jean^^^Dr^^^&1.2.250.1.71.4.2.1&ISO"));
            xml.append("      </rim:Classification>\n");
            xml.append("      <rim:Classification id=\"cl-conf-").append(doc.id())
                .append("\" classificationScheme=\"urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f\" classifiedObject=\"")
                .append(doc.id()).append("\" nodeRepresentation=\"N\">\n");
            slot(xml, "codingScheme", "2.16.840.1.113883.5.25");
            xml.append("      </rim:Classification>\n");
            xml.append("      <rim:Classification id=\"cl-type-").append(doc.id())
                .append("\" classificationScheme=\"urn:uuid:f0306f51-975f-434e-a61c-c59651d33983\" classifiedObject=\"")
                .append(doc.id()).append("\" nodeRepresentation=\"").append(doc.typeCode()).append("\">\n");
            slot(xml, "codingScheme", "2.16.840.1.113883.6.1");
            xml.append("        <rim:Name><rim:LocalizedString value=\"Type\"/></rim:Name>\n");
            xml.append("      </rim:Classification>\n");
            if (doc.patientCx() != null) {
                xml.append("      <rim:ExternalIdentifier id=\"ei-pid-").append(doc.id()).append("\" registryObject=\"").append(doc.id())
                    .append("\" identificationScheme=\"urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427\" value=\"")
                    .append(escape(doc.patientCx())).append("\"/>\n");
            }
            xml.append("      <rim:ExternalIdentifier id=\"ei-uid-").append(doc.id()).append("\" registryObject=\"").append(doc.id())
                .append("\" identificationScheme=\"urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab\" value=\"1.2.250.1.999.1.1.7^")
                .append(doc.id()).append("\"/>\n");
            xml.append("    </rim:ExtrinsicObject>\n");
        }
        xml.append("    <rim:RegistryPackage id=\"SubmissionSet01\">\n");
        slot(xml, "submissionTime", "20240115093500");
        if (submissionSetPatientCx != null) {
            xml.append("      <rim:ExternalIdentifier id=\"ei-ss-pid\" registryObject=\"SubmissionSet01\"")
                .append(" identificationScheme=\"urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446\" value=\"")
                .append(escape(submissionSetPatientCx)).append("\"/>\n");
        }
        xml.append("    </rim:RegistryPackage>\n");
        for (Doc doc : docs) {
            xml.append("    <rim:Association id=\"as-").append(doc.id())
                .append("\" associationType=\"urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember\"")
                .append(" sourceObject=\"SubmissionSet01\" targetObject=\"").append(doc.id()).append("\"/>\n");
        }
        return xml.append("  </rim:RegistryObjectList>\n</lcm:SubmitObjectsRequest>\n").toString();
    }

    private static void slot(StringBuilder xml, String name, String value) {
        xml.append("      <rim:Slot name=\"").append(name).append("\"><rim:ValueList><rim:Value>").append(value)
            .append("</rim:Value></rim:ValueList></rim:Slot>\n");
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;");
    }

    public static String sha1(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
