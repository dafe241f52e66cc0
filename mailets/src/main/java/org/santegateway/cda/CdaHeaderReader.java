package org.santegateway.cda;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.santegateway.dmp.Author;
import org.santegateway.dmp.CodedValue;
import org.santegateway.dmp.Hl7Time;
import org.santegateway.dmp.PatientIdentifier;
import org.santegateway.xml.SafeXml;
import org.santegateway.xml.XmlElement;
import org.santegateway.xml.XmlException;
import org.santegateway.xml.XmlLimits;

/**
 * Reads the header of a CDA R2 document (namespace {@code urn:hl7-org:v3}):
 *
 * <pre>{@code
 * <ClinicalDocument xmlns="urn:hl7-org:v3">
 *   <id root="1.2.250.1.999.1.1" extension="DOC-42"/>
 *   <code code="11488-4" codeSystem="2.16.840.1.113883.6.1" displayName="Compte rendu de consultation"/>
 *   <title>Compte rendu de consultation</title>
 *   <effectiveTime value="20240115103000+0100"/>
 *   <confidentialityCode code="N" codeSystem="2.16.840.1.113883.5.25"/>
 *   <recordTarget><patientRole>
 *     <id root="1.2.250.1.213.1.4.8" extension="<matricule INS>"/>   (INS-NIR; .9 for INS-NIA)
 *   </patientRole></recordTarget>
 *   <author><assignedAuthor>
 *     <id root="1.2.250.1.71.4.2.1" extension="810001234567"/>
 *     <assignedPerson><name><prefix>Dr</prefix><given>Jean</given><family>MARTIN</family></name></assignedPerson>
 *   </assignedAuthor></author>
 *   <component>... (the body: not read)
 * }</pre>
 *
 * <p>Reading stops at the body ({@code component} under the root), so a large document costs only
 * its header, and the header must lie within {@link #DEFAULT_MAX_HEADER_BYTES} (or the configured
 * limit). Safe on hostile input (see {@link SafeXml}: no DOCTYPE, no entities, bounded).</p>
 */
public final class CdaHeaderReader {
    public static final String HL7_V3 = "urn:hl7-org:v3";
    public static final long DEFAULT_MAX_HEADER_BYTES = 1024 * 1024;
    private static final int MAX_ELEMENTS = 20_000;
    private static final int MAX_DEPTH = 64;
    private static final int MAX_TEXT = 64 * 1024;

    private final XmlLimits limits;

    public CdaHeaderReader() {
        this(DEFAULT_MAX_HEADER_BYTES);
    }

    /** @param maxHeaderBytes bytes read at most before the body starts */
    public CdaHeaderReader(long maxHeaderBytes) {
        this.limits = new XmlLimits(maxHeaderBytes, MAX_ELEMENTS, MAX_DEPTH, MAX_TEXT);
    }

    /** Reads the header from {@code input} (not closed; left part-read). */
    public CdaHeader read(InputStream input) throws CdaException {
        Objects.requireNonNull(input);
        XmlElement root;
        try {
            root = SafeXml.parse(input, limits, (depth, namespace, name) -> depth == 2 && "component".equals(name));
        } catch (XmlException e) {
            throw switch (e.reason()) {
                case DOCTYPE_NOT_ALLOWED -> new CdaException(CdaException.Reason.DOCTYPE_NOT_ALLOWED, "a DOCTYPE is not allowed in a CDA document");
                case TOO_LARGE -> new CdaException(CdaException.Reason.TOO_LARGE, "CDA header: " + e.getMessage());
                case MALFORMED -> new CdaException(CdaException.Reason.MALFORMED_XML, "CDA header: " + e.getMessage());
            };
        }
        if (!root.is(HL7_V3, "ClinicalDocument")) {
            throw new CdaException(CdaException.Reason.NOT_CDA, "not a CDA R2 document (root is not urn:hl7-org:v3 ClinicalDocument)");
        }
        Optional<XmlElement> codeElement = child(root, "code");
        Optional<String> code = codeElement.flatMap(c -> c.attribute("code"));
        Optional<String> codeSystem = codeElement.flatMap(c -> c.attribute("codeSystem"));
        if (code.isEmpty() || codeSystem.isEmpty()) {
            throw new CdaException(CdaException.Reason.MISSING_CODE, "CDA header without document code (code/@code and @codeSystem)");
        }
        return new CdaHeader(
            child(root, "id").flatMap(CdaHeaderReader::uniqueId),
            new CodedValue(code.get(), codeSystem.get(), codeElement.get().attribute("displayName")),
            child(root, "title").map(XmlElement::text).filter(text -> !text.isEmpty()),
            child(root, "effectiveTime").flatMap(e -> e.attribute("value")).flatMap(Hl7Time::parse),
            child(root, "confidentialityCode").flatMap(CdaHeaderReader::coded),
            authors(root),
            patientIdentifiers(root));
    }

    private static Optional<String> uniqueId(XmlElement id) {
        Optional<String> root = id.attribute("root");
        Optional<String> extension = id.attribute("extension");
        return root.map(r -> extension.map(e -> r + "^" + e).orElse(r));
    }

    private static Optional<CodedValue> coded(XmlElement element) {
        Optional<String> code = element.attribute("code");
        Optional<String> system = element.attribute("codeSystem");
        if (code.isEmpty() || system.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CodedValue(code.get(), system.get(), element.attribute("displayName")));
    }

    private static List<Author> authors(XmlElement root) {
        List<Author> authors = new ArrayList<>();
        for (XmlElement author : children(root, "author")) {
            for (XmlElement assigned : children(author, "assignedAuthor")) {
                Optional<XmlElement> id = child(assigned, "id");
                Optional<String> name = child(assigned, "assignedPerson").flatMap(person -> child(person, "name"))
                    .map(CdaHeaderReader::personName)
                    .or(() -> child(assigned, "assignedAuthoringDevice").flatMap(device -> child(device, "softwareName"))
                        .map(XmlElement::text))
                    .or(() -> child(assigned, "representedOrganization").flatMap(org -> child(org, "name")).map(XmlElement::text))
                    .filter(text -> !text.isBlank());
                Optional<String> idValue = id.flatMap(i -> i.attribute("extension"));
                Optional<String> idSystem = id.flatMap(i -> i.attribute("root"));
                if (name.isPresent() || idValue.isPresent()) {
                    authors.add(new Author(name.orElse(idValue.orElse("")), idValue, idValue.isPresent() ? idSystem : Optional.empty()));
                }
            }
        }
        return authors;
    }

    /** {@code <name>} as "prefix given family", or its bare text for an unstructured name. */
    private static String personName(XmlElement name) {
        String structured = Stream.of("prefix", "given", "family")
            .flatMap(part -> children(name, part).stream())
            .map(XmlElement::text)
            .filter(text -> !text.isEmpty())
            .collect(Collectors.joining(" "));
        return structured.isEmpty() ? name.text() : structured;
    }

    private static List<PatientIdentifier> patientIdentifiers(XmlElement root) {
        List<PatientIdentifier> identifiers = new ArrayList<>();
        for (XmlElement recordTarget : children(root, "recordTarget")) {
            for (XmlElement patientRole : children(recordTarget, "patientRole")) {
                for (XmlElement id : children(patientRole, "id")) {
                    identifiers.add(PatientIdentifier.fromIi(id.attribute("root").orElse(null), id.attribute("extension").orElse(null)));
                }
            }
        }
        return identifiers;
    }

    private static Optional<XmlElement> child(XmlElement parent, String name) {
        return parent.child(HL7_V3, name);
    }

    private static List<XmlElement> children(XmlElement parent, String name) {
        return parent.children(HL7_V3, name);
    }
}
