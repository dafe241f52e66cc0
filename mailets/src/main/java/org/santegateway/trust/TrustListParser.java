package org.santegateway.trust;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

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
 * <p>Two kinds of defect, treated differently:</p>
 * <ul>
 *   <li><b>The file</b>: not well-formed or truncated XML, a {@code DOCTYPE}, the wrong root or
 *   namespace, no entry, too large, or more malformed entries than {@code maxSkippedFraction} of
 *   them. The whole file is refused (and the previous list stays in force, see
 *   {@link ReloadingTrustList}): it is not the list the ANS published.</li>
 *   <li><b>One entry</b>: {@code Nom} or {@code DNCertificatOperateur} missing, given twice or
 *   invalid (the published list of 2025-03-13 has a {@code Nom} that is an e-mail address), an
 *   invalid {@code DateMAJ}. The entry is skipped and recorded as a {@link SkippedEntry} (position
 *   and problem, no content) in {@link TrustList#skippedEntries()}; the other entries are used.
 *   Skipping fails closed: the domain of a skipped entry is not trusted for that operator.</li>
 * </ul>
 *
 * <p>Operator names are read with {@link OperatorDn#parseLenient}: the published list also has
 * names with a double quote inside an unquoted value, which are read as the certificate's subject
 * spells them rather than skipped.</p>
 *
 * <p>Safe on hostile input: streaming (StAX, the JDK implementation), no DTD at all (a
 * {@code DOCTYPE} is refused, so no external or expanding entity is ever processed), input
 * bounded by {@code maxBytes}.</p>
 */
public final class TrustListParser {
    public static final String NAMESPACE = "https://listeblanche.mssante.fr/schema";
    public static final String ROOT = "ListeBlancheMSSante";

    private final long maxBytes;
    private final double maxSkippedFraction;

    /** A parser refusing files where more than {@link TrustListConfiguration#DEFAULT_MAX_DROPPED_FRACTION} of the entries are malformed. */
    public TrustListParser(long maxBytes) {
        this(maxBytes, TrustListConfiguration.DEFAULT_MAX_DROPPED_FRACTION);
    }

    /**
     * @param maxBytes           larger input is refused
     * @param maxSkippedFraction a file where more than this fraction of the {@code Domaine} entries
     *                           are malformed is refused as a whole; in (0, 1]
     */
    public TrustListParser(long maxBytes, double maxSkippedFraction) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        if (!(maxSkippedFraction > 0 && maxSkippedFraction <= 1)) {
            throw new IllegalArgumentException("maxSkippedFraction must be in (0, 1]");
        }
        this.maxBytes = maxBytes;
        this.maxSkippedFraction = maxSkippedFraction;
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
        int skipped = 0;
        SkippedEntry firstSkipped = null;
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
                try {
                    builder.generatedAt(parseInstant(reader.getElementText()));
                } catch (DateTimeParseException e) {
                    throw new TrustListException(Reason.INVALID_HEADER, position(location) + "DateDeGeneration is not an ISO-8601 date-time");
                }
            } else if (isOurs(reader, "ListeDomaines")) {
                while (nextChildElement(reader)) {
                    if (isOurs(reader, "Domaine")) {
                        entries++;
                        Optional<SkippedEntry> skip = readDomaine(reader, builder, entries, dnCache);
                        if (skip.isPresent()) {
                            skipped++;
                            firstSkipped = firstSkipped == null ? skip.get() : firstSkipped;
                            builder.skip(skip.get());
                        }
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
        if (skipped > maxSkippedFraction * entries) {
            throw new TrustListException(Reason.TOO_MANY_INVALID_ENTRIES, skipped + " of " + entries
                + " Domaine entries are malformed (more than " + Math.round(maxSkippedFraction * 100) + "%), first " + firstSkipped);
        }
        TrustList list = builder.build();
        if (list.domainCount() == 0) {
            throw new TrustListException(Reason.EMPTY, "no valid Domaine entry (" + skipped + " malformed, first " + firstSkipped + ")");
        }
        return list;
    }

    /** Reads one {@code Domaine} to its end tag; adds it to the builder, or says why it is skipped. */
    private static Optional<SkippedEntry> readDomaine(XMLStreamReader reader, TrustList.Builder builder, int index,
                                                      Map<String, OperatorDn> dnCache) throws XMLStreamException {
        Location start = reader.getLocation();
        String domain = null;
        String dn = null;
        String dateMaj = null;
        String problem = null;
        while (nextChildElement(reader)) {
            if (isOurs(reader, "Nom")) {
                problem = domain != null && problem == null ? "Nom appears twice" : problem;
                domain = reader.getElementText();
            } else if (isOurs(reader, "DNCertificatOperateur")) {
                problem = dn != null && problem == null ? "DNCertificatOperateur appears twice" : problem;
                dn = reader.getElementText();
            } else if (isOurs(reader, "DateMAJ")) {
                dateMaj = reader.getElementText();
            } else {
                skipElement(reader);
            }
        }
        Optional<String> invalid = problem == null ? add(builder, domain, dn, dateMaj, dnCache) : Optional.of(problem);
        int line = start == null ? -1 : start.getLineNumber();
        return invalid.map(reason -> new SkippedEntry(index, line, reason));
    }

    /** Adds the entry, or says what is wrong with it (never its content). */
    private static Optional<String> add(TrustList.Builder builder, String domain, String dn, String dateMaj, Map<String, OperatorDn> dnCache) {
        if (domain == null || domain.isBlank()) {
            return Optional.of("Nom is missing");
        }
        if (dn == null || dn.isBlank()) {
            return Optional.of("DNCertificatOperateur is missing");
        }
        if (domain.indexOf('@') >= 0) {
            // An address where a domain is expected: guessing the domain from it would trust a domain
            // the ANS did not list as such.
            return Optional.of("Nom is an e-mail address, not a domain name");
        }
        Optional<Instant> updated;
        try {
            updated = dateMaj == null ? Optional.empty() : Optional.of(parseInstant(dateMaj));
        } catch (DateTimeParseException e) {
            return Optional.of("DateMAJ is not an ISO-8601 date-time");
        }
        OperatorDn operator = dnCache.get(dn);
        if (operator == null) {
            try {
                operator = OperatorDn.parseLenient(dn);
            } catch (IllegalArgumentException e) {
                return Optional.of("DNCertificatOperateur is not a valid distinguished name");
            }
            dnCache.put(dn, operator);
        }
        TrustEntry entry;
        try {
            entry = new TrustEntry(domain, operator);
        } catch (IllegalArgumentException e) {
            return Optional.of("Nom is not a valid domain name");
        }
        builder.add(entry);
        updated.ifPresent(builder::updatedAt);
        return Optional.empty();
    }

    private static Instant parseInstant(String text) {
        String trimmed = text.strip();
        try {
            return Instant.parse(trimmed);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(trimmed).toInstant();
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
