package org.santegateway.xdm;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
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
 * Reads the XDS.b metadata of an XDM subset (METADATA.XML: an ebRS {@code SubmitObjectsRequest}
 * holding an ebRIM 3.0 {@code RegistryObjectList}):
 *
 * <pre>{@code
 * <rim:ExtrinsicObject id="Document01" mimeType="text/xml" objectType="urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1">
 *   <rim:Slot name="creationTime"><rim:ValueList><rim:Value>20240115093000</rim:Value></rim:ValueList></rim:Slot>
 *   <rim:Slot name="hash">...SHA-1 hex...</rim:Slot>  <rim:Slot name="size">...</rim:Slot>
 *   <rim:Slot name="sourcePatientId">...</rim:Slot>    <rim:Slot name="URI">DOC0001.XML</rim:Slot>
 *   <rim:Name><rim:LocalizedString value="Compte rendu"/></rim:Name>
 *   <rim:Classification classificationScheme="urn:uuid:93606bcf-..." (author)>  Slot authorPerson, authorInstitution
 *   <rim:Classification classificationScheme="urn:uuid:f0306f51-..." nodeRepresentation="11488-4"> (typeCode)
 *       Slot codingScheme, Name
 *   <rim:Classification classificationScheme="urn:uuid:f4f85eac-..." nodeRepresentation="N"> (confidentialityCode)
 *   <rim:ExternalIdentifier identificationScheme="urn:uuid:58a6f841-..." value="INS^^^&amp;1.2.250.1.213.1.4.8&amp;ISO"/> (patientId)
 *   <rim:ExternalIdentifier identificationScheme="urn:uuid:2e82c1f6-..." value="1.2.250...."/> (uniqueId)
 * </rim:ExtrinsicObject>
 * }</pre>
 *
 * <p>Elements are matched by local name (producers differ in prefixes and in the ebRIM namespace
 * version); classifications and external identifiers count when nested in the ExtrinsicObject or
 * when they name it ({@code classifiedObject}, {@code registryObject}). A malformed slot makes its
 * entry {@link XdsMetadata.Invalid}; unreadable XML refuses the whole file. Safe on hostile input
 * (see {@link SafeXml}).</p>
 */
public final class XdsMetadataParser {
    public static final String SCHEME_PATIENT_ID = "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427";
    public static final String SCHEME_UNIQUE_ID = "urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab";
    public static final String SCHEME_TYPE_CODE = "urn:uuid:f0306f51-975f-434e-a61c-c59651d33983";
    public static final String SCHEME_CLASS_CODE = "urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a";
    public static final String SCHEME_FORMAT_CODE = "urn:uuid:a09d5840-386c-46f2-b5ad-9c3699a4309d";
    public static final String SCHEME_CONFIDENTIALITY = "urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f";
    public static final String SCHEME_AUTHOR = "urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d";
    public static final String SCHEME_SUBMISSION_SET_PATIENT_ID = "urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446";
    private static final Set<String> ROOTS = Set.of("SubmitObjectsRequest", "RegistryObjectList", "ProvideAndRegisterDocumentSetRequest");
    private static final Pattern SHA1_HEX = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SIZE = Pattern.compile("[0-9]{1,18}");
    private static final Pattern URI_PART = Pattern.compile("\\d{1,4}\\|.*");
    private static final int MAX_ELEMENTS = 100_000;
    private static final int MAX_DEPTH = 32;
    private static final int MAX_TEXT = 64 * 1024;

    private final XmlLimits limits;
    private final int maxDocuments;

    public XdsMetadataParser(int maxBytes, int maxDocuments) {
        this.limits = new XmlLimits(maxBytes, MAX_ELEMENTS, MAX_DEPTH, MAX_TEXT);
        this.maxDocuments = maxDocuments;
    }

    public XdsMetadata parse(InputStream input) throws XdsMetadataException {
        XmlElement root;
        try {
            root = SafeXml.parse(input, limits);
        } catch (XmlException e) {
            PackageRefusal refusal = e.reason() == XmlException.Reason.TOO_LARGE ? PackageRefusal.METADATA_TOO_LARGE
                : PackageRefusal.MALFORMED_METADATA;
            throw new XdsMetadataException(refusal, "METADATA.XML: " + e.getMessage());
        }
        if (!ROOTS.contains(root.localName())) {
            throw new XdsMetadataException(PackageRefusal.MALFORMED_METADATA, "METADATA.XML: not XDS metadata (root " + root.localName() + ")");
        }
        List<XmlElement> all = root.descendantsAndSelf();
        List<XmlElement> extrinsicObjects = all.stream().filter(e -> e.localName().equals("ExtrinsicObject")).toList();
        if (extrinsicObjects.size() > maxDocuments) {
            throw new XdsMetadataException(PackageRefusal.TOO_MANY_DOCUMENTS, "METADATA.XML: more than " + maxDocuments + " documents");
        }
        Map<String, List<XmlElement>> classifications = byPointer(all, "Classification", "classifiedObject");
        Map<String, List<XmlElement>> externalIdentifiers = byPointer(all, "ExternalIdentifier", "registryObject");
        List<XdsMetadata.Entry> entries = new ArrayList<>();
        for (XmlElement object : extrinsicObjects) {
            entries.add(entry(object, classifications, externalIdentifiers));
        }
        List<PatientIdentifier> submissionSetIds = all.stream()
            .filter(e -> e.localName().equals("RegistryPackage"))
            .flatMap(pkg -> related(pkg, externalIdentifiers, "ExternalIdentifier").stream())
            .filter(id -> id.attribute("identificationScheme").orElse("").equalsIgnoreCase(SCHEME_SUBMISSION_SET_PATIENT_ID))
            .flatMap(id -> id.attribute("value").stream())
            .map(PatientIdentifier::fromCx)
            .toList();
        return new XdsMetadata(entries, submissionSetIds);
    }

    private static XdsMetadata.Entry entry(XmlElement object, Map<String, List<XmlElement>> allClassifications,
                                           Map<String, List<XmlElement>> allIdentifiers) {
        String entryId = object.attribute("id").orElse("(no id)");
        List<XmlElement> classifications = related(object, allClassifications, "Classification");
        List<XmlElement> identifiers = related(object, allIdentifiers, "ExternalIdentifier");
        Optional<String> mimeType = object.attribute("mimeType");
        if (mimeType.isEmpty()) {
            return new XdsMetadata.Invalid(entryId, "mimeType");
        }
        Optional<String> hash = slot(object, "hash").map(h -> h.toLowerCase(Locale.ROOT));
        if (hash.isPresent() && !SHA1_HEX.matcher(hash.get()).matches()) {
            return new XdsMetadata.Invalid(entryId, "hash");
        }
        Optional<String> sizeText = slot(object, "size");
        OptionalLong size = OptionalLong.empty();
        if (sizeText.isPresent()) {
            if (!SIZE.matcher(sizeText.get()).matches()) {
                return new XdsMetadata.Invalid(entryId, "size");
            }
            size = OptionalLong.of(Long.parseLong(sizeText.get()));
        }
        Optional<String> creationText = slot(object, "creationTime");
        Optional<java.time.Instant> creationTime = creationText.flatMap(Hl7Time::parse);
        if (creationText.isPresent() && creationTime.isEmpty()) {
            return new XdsMetadata.Invalid(entryId, "creationTime");
        }
        return new XdsMetadata.Valid(new XdsDocumentEntry(
            entryId,
            mimeType.get(),
            uri(object),
            identifier(identifiers, SCHEME_PATIENT_ID).map(PatientIdentifier::fromCx),
            slot(object, "sourcePatientId").map(PatientIdentifier::fromCx),
            identifier(identifiers, SCHEME_UNIQUE_ID),
            classification(classifications, SCHEME_TYPE_CODE),
            classification(classifications, SCHEME_CLASS_CODE),
            classification(classifications, SCHEME_FORMAT_CODE),
            classification(classifications, SCHEME_CONFIDENTIALITY),
            authors(classifications),
            creationTime,
            localizedName(object).orElse(""),
            hash,
            size));
    }

    /** The elements named {@code name}, by the id their {@code pointer} attribute names. */
    private static Map<String, List<XmlElement>> byPointer(List<XmlElement> all, String name, String pointer) {
        Map<String, List<XmlElement>> index = new HashMap<>();
        for (XmlElement element : all) {
            if (element.localName().equals(name)) {
                element.attribute(pointer).ifPresent(id -> index.computeIfAbsent(id, key -> new ArrayList<>()).add(element));
            }
        }
        return index;
    }

    /** Children of {@code owner} named {@code name}, plus the elements anywhere that point at it. */
    private static List<XmlElement> related(XmlElement owner, Map<String, List<XmlElement>> pointing, String name) {
        Set<XmlElement> found = Collections.newSetFromMap(new IdentityHashMap<>());
        List<XmlElement> result = new ArrayList<>();
        for (XmlElement child : owner.children(name)) {
            if (found.add(child)) {
                result.add(child);
            }
        }
        for (XmlElement candidate : owner.attribute("id").map(pointing::get).orElse(List.of())) {
            if (found.add(candidate)) {
                result.add(candidate);
            }
        }
        return result;
    }

    private static List<String> slotValues(XmlElement owner, String name) {
        return owner.children("Slot").stream()
            .filter(slot -> slot.attribute("name").map(name::equals).orElse(false))
            .flatMap(slot -> slot.children("ValueList").stream())
            .flatMap(list -> list.children("Value").stream())
            .map(XmlElement::text)
            .filter(text -> !text.isEmpty())
            .toList();
    }

    private static Optional<String> slot(XmlElement owner, String name) {
        return slotValues(owner, name).stream().findFirst();
    }

    /** The URI slot; a long URI may be split in numbered values ({@code 1|first part}, {@code 2|rest}). */
    private static Optional<String> uri(XmlElement object) {
        List<String> values = slotValues(object, "URI");
        if (values.size() <= 1) {
            return values.stream().findFirst();
        }
        return Optional.of(values.stream()
            .filter(value -> URI_PART.matcher(value).matches())
            .sorted((a, b) -> Integer.compare(Integer.parseInt(a.substring(0, a.indexOf('|'))),
                Integer.parseInt(b.substring(0, b.indexOf('|')))))
            .map(value -> value.substring(value.indexOf('|') + 1))
            .collect(Collectors.joining()));
    }

    private static Optional<String> localizedName(XmlElement element) {
        return element.child("Name").flatMap(name -> name.child("LocalizedString")).flatMap(s -> s.attribute("value"));
    }

    private static Optional<String> identifier(List<XmlElement> identifiers, String scheme) {
        return identifiers.stream()
            .filter(id -> id.attribute("identificationScheme").orElse("").equalsIgnoreCase(scheme))
            .flatMap(id -> id.attribute("value").stream())
            .findFirst();
    }

    private static Optional<CodedValue> classification(List<XmlElement> classifications, String scheme) {
        return classifications.stream()
            .filter(c -> c.attribute("classificationScheme").orElse("").equalsIgnoreCase(scheme))
            .flatMap(c -> {
                Optional<String> code = c.attribute("nodeRepresentation");
                Optional<String> system = slot(c, "codingScheme");
                if (code.isEmpty() || system.isEmpty()) {
                    return Stream.empty();
                }
                return Stream.of(new CodedValue(code.get(), system.get(), localizedName(c)));
            })
            .findFirst();
    }

    private static List<Author> authors(List<XmlElement> classifications) {
        List<Author> authors = new ArrayList<>();
        for (XmlElement c : classifications) {
            if (!c.attribute("classificationScheme").orElse("").equalsIgnoreCase(SCHEME_AUTHOR)) {
                continue;
            }
            Optional<Author> person = slot(c, "authorPerson").flatMap(XdsMetadataParser::xcnAuthor);
            Optional<Author> institution = slot(c, "authorInstitution").flatMap(XdsMetadataParser::xonAuthor);
            person.or(() -> institution).ifPresent(authors::add);
        }
        return authors;
    }

    /** HL7 v2 XCN: {@code id^family^given^middle^suffix^prefix^degree^^&oid&ISO}. */
    static Optional<Author> xcnAuthor(String xcn) {
        String[] c = xcn.split("\\^", -1);
        String name = Stream.of(part(c, 5), part(c, 2), part(c, 1)).filter(s -> !s.isEmpty()).collect(Collectors.joining(" "));
        Optional<String> id = Optional.of(part(c, 0)).filter(s -> !s.isEmpty());
        Optional<String> system = Optional.of(part(c, 8)).map(a -> a.split("&", -1)).filter(a -> a.length >= 2)
            .map(a -> a[1]).filter(s -> !s.isEmpty());
        if (name.isEmpty() && id.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Author(name.isEmpty() ? id.get() : name, id, id.isPresent() ? system : Optional.empty()));
    }

    /** HL7 v2 XON: {@code name^^^^^&oid&ISO^^^^id}. */
    private static Optional<Author> xonAuthor(String xon) {
        String name = part(xon.split("\\^", -1), 0);
        return name.isEmpty() ? Optional.empty() : Optional.of(new Author(name, Optional.empty(), Optional.empty()));
    }

    private static String part(String[] components, int index) {
        return index < components.length ? components[index].strip() : "";
    }
}
