package org.santegateway.trust;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.santegateway.io.LimitedInputStream;
import org.santegateway.trust.TrustListException.Reason;

/**
 * Reads the trust list the ANS publishes ("liste blanche MSSanté"):
 *
 * <pre>{@code
 * <ListeBlancheMSSante xmlns="https://listeblanche.mssante.fr/schema">
 *   <DateDeGeneration>2025-03-13T14:54:10Z</DateDeGeneration>
 *   <ListeDomaines>
 *     <Domaine>
 *       <Nom>hopital.mssante.fr</Nom>
 *       <Description>...</Description>
 *       <DNCertificatOperateur>CN=mss.operateur.fr,OU=...,O=...,ST=...,C=FR</DNCertificatOperateur>
 *       <ResponsableContact>...</ResponsableContact> <SupportContact>...</SupportContact>
 *       <DateMAJ>2025-03-14T15:34:10Z</DateMAJ>
 *     </Domaine>
 *     ...
 * }</pre>
 *
 * <p>One {@code Domaine} per (domain, operator certificate) pair: a domain served by several
 * operator certificates appears several times. {@code Nom} and {@code DNCertificatOperateur} are
 * required; {@code DateMAJ} is optional but must be an ISO-8601 date-time when present; other
 * elements (contacts, description, elements of other namespaces) are ignored.</p>
 *
 * <p>Safe on hostile input: streaming (StAX, the JDK implementation), no DTD at all (a
 * {@code DOCTYPE} is refused, so no external or expanding entity is ever processed), input
 * bounded by {@code maxBytes}. Any defect refuses the whole list: a list with one corrupted entry
 * is suspect as a whole, and the previous list stays in force (see {@link ReloadingTrustList}).</p>
 */
public final class TrustListParser {
    public static final String NAMESPACE = "https://listeblanche.mssante.fr/schema";
    public static final String ROOT = "ListeBlancheMSSante";

    private final long maxBytes;

    public TrustListParser(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
    }

    public TrustList parse(byte[] content) throws TrustListException {
        return parse(new ByteArrayInputStream(content));
    }

    /** Parses the stream (not closed); throws with a one-line message naming the defect and its position. */
    public TrustList parse(InputStream input) throws TrustListException {
        LimitedInputStream limited = new LimitedInputStream(input, maxBytes);
        XMLStreamReader reader = null;
        try {
            reader = newFactory().createXMLStreamReader(limited);
            return readDocument(reader);
        } catch (XMLStreamException e) {
            if (limited.exceeded()) {
                throw tooLarge();
            }
            throw new TrustListException(Reason.MALFORMED_XML, position(e.getLocation()) + "malformed XML: " + describe(e));
        } catch (RuntimeException e) {
            // Some StAX failures (I/O underneath) surface unchecked.
            if (limited.exceeded()) {
                throw tooLarge();
            }
            throw new TrustListException(Reason.MALFORMED_XML, "malformed XML: " + e.getClass().getSimpleName());
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // Nothing held beyond the stream, which the caller closes.
                }
            }
        }
    }

    private TrustListException tooLarge() {
        return new TrustListException(Reason.TOO_LARGE, "larger than the limit of " + maxBytes + " bytes");
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    private TrustList readDocument(XMLStreamReader reader) throws XMLStreamException, TrustListException {
        TrustList.Builder builder = TrustList.builder();
        // A few dozen operators serve hundreds of domains: parse each distinct DN text once.
        Map<String, OperatorDn> dnCache = new HashMap<>();
        int entries = 0;
        int event = reader.next();
        while (event != XMLStreamConstants.START_ELEMENT) {
            if (event == XMLStreamConstants.DTD) {
                throw new TrustListException(Reason.DOCTYPE_NOT_ALLOWED, position(reader.getLocation()) + "a DOCTYPE is not allowed in the trust list");
            }
            if (event == XMLStreamConstants.END_DOCUMENT) {
                throw new TrustListException(Reason.MALFORMED_XML, "malformed XML: no root element");
            }
            event = reader.next();
        }
        if (!ROOT.equals(reader.getLocalName())) {
            throw new TrustListException(Reason.WRONG_ROOT,
                position(reader.getLocation()) + "root element is " + reader.getLocalName() + ", expected " + ROOT);
        }
        if (!NAMESPACE.equals(reader.getNamespaceURI())) {
            String found = reader.getNamespaceURI() == null || reader.getNamespaceURI().isEmpty() ? "no namespace" : "namespace " + reader.getNamespaceURI();
            throw new TrustListException(Reason.WRONG_NAMESPACE,
                position(reader.getLocation()) + ROOT + " is in " + found + ", expected namespace " + NAMESPACE);
        }
        while (nextChildElement(reader)) {
            if (isOurs(reader, "DateDeGeneration")) {
                Location location = reader.getLocation();
                builder.generatedAt(parseInstant(reader.getElementText(), location, "DateDeGeneration"));
            } else if (isOurs(reader, "ListeDomaines")) {
                while (nextChildElement(reader)) {
                    if (isOurs(reader, "Domaine")) {
                        entries++;
                        readDomaine(reader, builder, entries, dnCache);
                    } else {
                        skipElement(reader);
                    }
                }
            } else {
                skipElement(reader);
            }
        }
        // Rest of the document: only comments, processing instructions and white space are legal; let the parser say.
        while (reader.hasNext()) {
            reader.next();
        }
        if (entries == 0) {
            throw new TrustListException(Reason.EMPTY, "no ListeDomaines/Domaine entry");
        }
        return builder.build();
    }

    private static void readDomaine(XMLStreamReader reader, TrustList.Builder builder, int index, Map<String, OperatorDn> dnCache)
        throws XMLStreamException, TrustListException {
        Location start = reader.getLocation();
        String domain = null;
        String dn = null;
        while (nextChildElement(reader)) {
            if (isOurs(reader, "Nom")) {
                if (domain != null) {
                    throw invalidEntry(index, start, "Nom appears twice");
                }
                domain = reader.getElementText();
            } else if (isOurs(reader, "DNCertificatOperateur")) {
                if (dn != null) {
                    throw invalidEntry(index, start, "DNCertificatOperateur appears twice");
                }
                dn = reader.getElementText();
            } else if (isOurs(reader, "DateMAJ")) {
                Location location = reader.getLocation();
                String text = reader.getElementText();
                try {
                    builder.updatedAt(parseInstant(text, location, "DateMAJ"));
                } catch (TrustListException e) {
                    throw invalidEntry(index, start, "DateMAJ is not an ISO-8601 date-time");
                }
            } else {
                skipElement(reader);
            }
        }
        if (domain == null || domain.isBlank()) {
            throw invalidEntry(index, start, "Nom is missing");
        }
        if (dn == null || dn.isBlank()) {
            throw invalidEntry(index, start, "DNCertificatOperateur is missing");
        }
        OperatorDn operator;
        try {
            operator = dnCache.get(dn);
            if (operator == null) {
                operator = OperatorDn.parse(dn);
                dnCache.put(dn, operator);
            }
        } catch (IllegalArgumentException e) {
            throw invalidEntry(index, start, "DNCertificatOperateur is not a valid distinguished name");
        }
        try {
            builder.add(new TrustEntry(domain, operator));
        } catch (IllegalArgumentException e) {
            throw invalidEntry(index, start, "Nom is not a valid domain name");
        }
    }

    private static TrustListException invalidEntry(int index, Location location, String problem) {
        return new TrustListException(Reason.INVALID_ENTRY, position(location) + "Domaine entry " + index + ": " + problem);
    }

    private static Instant parseInstant(String text, Location location, String element) throws TrustListException {
        String trimmed = text.strip();
        try {
            return Instant.parse(trimmed);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(trimmed).toInstant();
            } catch (DateTimeParseException e2) {
                throw new TrustListException(Reason.INVALID_ENTRY, position(location) + element + " is not an ISO-8601 date-time");
            }
        }
    }

    private static boolean isOurs(XMLStreamReader reader, String localName) {
        return localName.equals(reader.getLocalName()) && NAMESPACE.equals(reader.getNamespaceURI());
    }

    /** Moves to the next child START_ELEMENT of the current element; false at its END_ELEMENT. */
    private static boolean nextChildElement(XMLStreamReader reader) throws XMLStreamException {
        while (true) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (event == XMLStreamConstants.END_ELEMENT) {
                return false;
            }
            if (event == XMLStreamConstants.END_DOCUMENT) {
                throw new XMLStreamException("unexpected end of document", reader.getLocation());
            }
            if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw new XMLStreamException("entity references are not allowed", reader.getLocation());
            }
        }
    }

    private static void skipElement(XMLStreamReader reader) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.END_DOCUMENT) {
                throw new XMLStreamException("unexpected end of document", reader.getLocation());
            }
        }
    }

    private static String position(Location location) {
        if (location == null || location.getLineNumber() < 0) {
            return "";
        }
        return "line " + location.getLineNumber() + ", column " + location.getColumnNumber() + ": ";
    }

    // The JDK's message is "ParseError at [row,col]:[l,c]\nMessage: text"; the position is given separately.
    private static String describe(XMLStreamException e) {
        String message = String.valueOf(e.getMessage());
        int index = message.indexOf("Message: ");
        String text = index >= 0 ? message.substring(index + "Message: ".length()) : message;
        return text.replaceAll("\\s+", " ").strip();
    }
}
