package org.santegateway.xdm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.santegateway.cda.CdaFixtures;

/** Builds real-shaped IHE XDM packages in code: INDEX.HTM, README.TXT, IHE_XDM/SUBSET01/METADATA.XML, documents. */
public final class XdmFixtures {
    private XdmFixtures() {
    }

    public static String insCx(String ins) {
        return ins + "^^^&" + CdaFixtures.INS_NIR_OID + "&ISO";
    }

    public static byte[] pdf(int size, long seed) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        byte[] magic = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, content, 0, Math.min(magic.length, size));
        return content;
    }

    public static String sha1(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One document as METADATA.XML declares it and the file the package holds for it. */
    public static final class Doc {
        String id;
        String uri;
        String mimeType;
        byte[] content;
        String declaredSize;
        String declaredHash;
        String patientCx;
        String sourcePatientCx;
        String typeCode = "11488-4";
        String title = "Compte rendu de consultation";
        String authorPerson = "810001234567^MARTIN^Jean^^^Dr^^^&1.2.250.1.71.4.2.1&ISO";
        String creationTime = "20240115093000";
        boolean writeFile = true;
        String fileName;

        Doc(String id, String uri, String mimeType, byte[] content, String patientCx) {
            this.id = id;
            this.uri = uri;
            this.fileName = uri;
            this.mimeType = mimeType;
            this.content = content;
            this.patientCx = patientCx;
        }

        public static Doc cda(String id, String uri, String ins) {
            return new Doc(id, uri, "text/xml", CdaFixtures.bytes(CdaFixtures.cda(ins)), insCx(ins));
        }

        public static Doc pdf(String id, String uri, String ins, int size) {
            Doc doc = new Doc(id, uri, "application/pdf", XdmFixtures.pdf(size, id.hashCode()), insCx(ins));
            doc.typeCode = "60591-5";
            return doc;
        }

        public long contentLength() {
            return content.length;
        }

        public Doc content(byte[] newContent) {
            this.content = newContent;
            return this;
        }

        public Doc mimeType(String type) {
            this.mimeType = type;
            return this;
        }

        public Doc declaredSize(String size) {
            this.declaredSize = size;
            return this;
        }

        public Doc declaredHash(String hash) {
            this.declaredHash = hash;
            return this;
        }

        public Doc patientCx(String cx) {
            this.patientCx = cx;
            return this;
        }

        public Doc sourcePatientCx(String cx) {
            this.sourcePatientCx = cx;
            return this;
        }

        public Doc typeCode(String code) {
            this.typeCode = code;
            return this;
        }

        public Doc uri(String newUri) {
            this.uri = newUri;
            return this;
        }

        public Doc fileName(String name) {
            this.fileName = name;
            return this;
        }

        public Doc noFile() {
            this.writeFile = false;
            return this;
        }

        String metadata() {
            StringBuilder xml = new StringBuilder();
            xml.append("    <rim:ExtrinsicObject id=\"").append(id).append("\" mimeType=\"").append(mimeType)
                .append("\" objectType=\"urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1\" status=\"urn:oasis:names:tc:ebxml-regrep:StatusType:Approved\">\n");
            slot(xml, "creationTime", creationTime);
            slot(xml, "hash", declaredHash != null ? declaredHash : sha1(content));
            slot(xml, "languageCode", "fr-FR");
            slot(xml, "size", declaredSize != null ? declaredSize : Integer.toString(content.length));
            if (sourcePatientCx != null) {
                slot(xml, "sourcePatientId", escape(sourcePatientCx));
            }
            if (uri != null) {
                slot(xml, "URI", uri);
            }
            xml.append("      <rim:Name><rim:LocalizedString value=\"").append(title).append("\"/></rim:Name>\n");
            xml.append("      <rim:Classification id=\"cl-author-").append(id).append("\" classificationScheme=\"urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d\" classifiedObject=\"")
                .append(id).append("\" nodeRepresentation=\"\">\n");
            slot(xml, "authorPerson", escape(authorPerson));
            slot(xml, "authorInstitution", "Hopital Exemple^^^^^&amp;1.2.250.1.71.4.2.2&amp;ISO^IDNST^^^11750000000");
            xml.append("      </rim:Classification>\n");
            classification(xml, "urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a", "10", "1.2.250.1.213.1.1.4.1", "Comptes rendus");
            classification(xml, "urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f", "N", "2.16.840.1.113883.5.25", "Normal");
            classification(xml, "urn:uuid:a09d5840-386c-46f2-b5ad-9c3699a4309d", "urn:ihe:iti:xds-sd:pdf:2008", "1.3.6.1.4.1.19376.1.2.3", "PDF");
            classification(xml, "urn:uuid:f0306f51-975f-434e-a61c-c59651d33983", typeCode, "2.16.840.1.113883.6.1", "Type");
            if (patientCx != null) {
                xml.append("      <rim:ExternalIdentifier id=\"ei-pid-").append(id).append("\" registryObject=\"").append(id)
                    .append("\" identificationScheme=\"urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427\" value=\"").append(escape(patientCx))
                    .append("\"><rim:Name><rim:LocalizedString value=\"XDSDocumentEntry.patientId\"/></rim:Name></rim:ExternalIdentifier>\n");
            }
            xml.append("      <rim:ExternalIdentifier id=\"ei-uid-").append(id).append("\" registryObject=\"").append(id)
                .append("\" identificationScheme=\"urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab\" value=\"1.2.250.1.999.1.1.7^")
                .append(id).append("\"><rim:Name><rim:LocalizedString value=\"XDSDocumentEntry.uniqueId\"/></rim:Name></rim:ExternalIdentifier>\n");
            xml.append("    </rim:ExtrinsicObject>\n");
            return xml.toString();
        }

        private void classification(StringBuilder xml, String scheme, String code, String system, String name) {
            xml.append("      <rim:Classification id=\"cl-").append(Math.abs(scheme.hashCode())).append('-').append(id)
                .append("\" classificationScheme=\"").append(scheme).append("\" classifiedObject=\"").append(id)
                .append("\" nodeRepresentation=\"").append(code).append("\">\n");
            slot(xml, "codingScheme", system);
            xml.append("        <rim:Name><rim:LocalizedString value=\"").append(name).append("\"/></rim:Name>\n");
            xml.append("      </rim:Classification>\n");
        }
    }

    static void slot(StringBuilder xml, String name, String value) {
        xml.append("      <rim:Slot name=\"").append(name).append("\"><rim:ValueList><rim:Value>").append(value)
            .append("</rim:Value></rim:ValueList></rim:Slot>\n");
    }

    static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;");
    }

    public static String metadata(String submissionSetPatientCx, List<Doc> docs) {
        StringBuilder xml = new StringBuilder();
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<lcm:SubmitObjectsRequest xmlns:lcm=\"urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0\"")
            .append(" xmlns:rim=\"urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0\">\n");
        xml.append("  <rim:RegistryObjectList>\n");
        for (Doc doc : docs) {
            xml.append(doc.metadata());
        }
        xml.append("    <rim:RegistryPackage id=\"SubmissionSet01\" objectType=\"urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:RegistryPackage\">\n");
        slot(xml, "submissionTime", "20240115093500");
        if (submissionSetPatientCx != null) {
            xml.append("      <rim:ExternalIdentifier id=\"ei-ss-pid\" registryObject=\"SubmissionSet01\"")
                .append(" identificationScheme=\"urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446\" value=\"")
                .append(escape(submissionSetPatientCx)).append("\"/>\n");
        }
        xml.append("    </rim:RegistryPackage>\n");
        xml.append("    <rim:Classification id=\"cl-ss\" classifiedObject=\"SubmissionSet01\" classificationNode=\"urn:uuid:a54d6aa5-d40d-43f9-88c5-b4633d873bdd\"/>\n");
        for (Doc doc : docs) {
            xml.append("    <rim:Association id=\"as-").append(doc.id).append("\" associationType=\"urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember\"")
                .append(" sourceObject=\"SubmissionSet01\" targetObject=\"").append(doc.id).append("\"/>\n");
        }
        xml.append("  </rim:RegistryObjectList>\n");
        xml.append("</lcm:SubmitObjectsRequest>\n");
        return xml.toString();
    }

    /** A zip being written: entries in order, each deflated unless stored is asked. */
    public static final class ZipBuilder {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final ZipOutputStream zip = new ZipOutputStream(bytes);

        public ZipBuilder entry(String name, byte[] content) {
            try {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(content);
                zip.closeEntry();
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public ZipBuilder entry(String name, String content) {
            return entry(name, content.getBytes(StandardCharsets.UTF_8));
        }

        /** An entry of {@code size} zero bytes (inflates enormously), written without holding it in memory. */
        public ZipBuilder zeros(String name, long size) {
            try {
                zip.putNextEntry(new ZipEntry(name));
                byte[] block = new byte[64 * 1024];
                for (long written = 0; written < size; written += block.length) {
                    zip.write(block, 0, (int) Math.min(block.length, size - written));
                }
                zip.closeEntry();
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public byte[] build() {
            try {
                zip.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }

    /** The usual package: INDEX.HTM, README.TXT, SUBSET01 with METADATA.XML first, then the documents. */
    public static byte[] xdm(String submissionSetPatientCx, Doc... docs) {
        return xdmBuilder(submissionSetPatientCx, docs).build();
    }

    public static ZipBuilder xdmBuilder(String submissionSetPatientCx, Doc... docs) {
        ZipBuilder zip = new ZipBuilder()
            .entry("INDEX.HTM", "<html><body><a href=\"IHE_XDM/SUBSET01/METADATA.XML\">Contenu</a></body></html>")
            .entry("README.TXT", "Paquet IHE XDM produit par le logiciel de test.\n")
            .entry("IHE_XDM/SUBSET01/METADATA.XML", metadata(submissionSetPatientCx, List.of(docs)));
        List<String> written = new ArrayList<>();
        for (Doc doc : docs) {
            if (doc.writeFile && doc.fileName != null && !written.contains(doc.fileName)) {
                zip.entry("IHE_XDM/SUBSET01/" + doc.fileName, doc.content);
                written.add(doc.fileName);
            }
        }
        return zip;
    }
}
