package org.santegateway.xml;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.santegateway.xml.XmlException.Reason;
import org.santegateway.io.LimitedInputStream;

/**
 * Reads untrusted XML (XDS metadata, CDA headers) into an {@link XmlElement} tree, safely: StAX
 * (the JDK implementation) with DTD support and external entities off, any {@code DOCTYPE} refused
 * (so no entity, external or expanding, is ever processed: no XXE, no billion laughs), and every
 * dimension bounded by {@link XmlLimits}. Failures are {@link XmlException}s with a typed reason.
 */
public final class SafeXml {
    /**
     * Where to stop reading early: asked for each start tag with its depth (the root is 1). A CDA
     * header reader stops at the body, whose size does not matter to it.
     */
    @FunctionalInterface
    public interface StopCondition {
        StopCondition NEVER = (depth, namespace, localName) -> false;

        boolean stopAt(int depth, String namespace, String localName);
    }

    private SafeXml() {
    }

    public static XmlElement parse(InputStream input, XmlLimits limits) throws XmlException {
        return parse(input, limits, StopCondition.NEVER);
    }

    /** Parses {@code input} (not closed) up to the end, or up to the first start tag {@code stop} names (excluded). */
    public static XmlElement parse(InputStream input, XmlLimits limits, StopCondition stop) throws XmlException {
        Objects.requireNonNull(input);
        Objects.requireNonNull(limits);
        Objects.requireNonNull(stop);
        LimitedInputStream bounded = new LimitedInputStream(input, limits.maxBytes());
        XMLStreamReader reader = null;
        try {
            reader = newFactory().createXMLStreamReader(bounded);
            return read(reader, limits, stop);
        } catch (XMLStreamException | RuntimeException e) {
            // StAX reports I/O underneath (our byte limit included) as XMLStreamException or unchecked.
            if (bounded.exceeded()) {
                throw new XmlException(Reason.TOO_LARGE, "XML larger than " + limits.maxBytes() + " bytes");
            }
            throw new XmlException(Reason.MALFORMED, "malformed XML" + position(e));
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

    private static XMLInputFactory newFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return factory;
    }

    private static XmlElement read(XMLStreamReader reader, XmlLimits limits, StopCondition stop)
        throws XMLStreamException, XmlException {
        Deque<XmlElement> open = new ArrayDeque<>();
        XmlElement root = null;
        int elements = 0;
        while (reader.hasNext()) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.DTD -> throw new XmlException(Reason.DOCTYPE_NOT_ALLOWED, "a DOCTYPE is not allowed");
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new XmlException(Reason.MALFORMED, "entity reference");
                case XMLStreamConstants.START_ELEMENT -> {
                    int depth = open.size() + 1;
                    if (stop.stopAt(depth, nullToEmpty(reader.getNamespaceURI()), reader.getLocalName())) {
                        return root;
                    }
                    if (++elements > limits.maxElements()) {
                        throw new XmlException(Reason.TOO_LARGE, "more than " + limits.maxElements() + " elements");
                    }
                    if (depth > limits.maxDepth()) {
                        throw new XmlException(Reason.TOO_LARGE, "nested deeper than " + limits.maxDepth());
                    }
                    XmlElement element = new XmlElement(reader.getNamespaceURI(), reader.getLocalName(), attributes(reader, limits));
                    if (open.isEmpty()) {
                        root = element;
                    } else {
                        open.peek().addChild(element);
                    }
                    open.push(element);
                }
                case XMLStreamConstants.END_ELEMENT -> open.pop();
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (!open.isEmpty() && open.peek().appendText(reader.getText()) > limits.maxTextLength()) {
                        throw new XmlException(Reason.TOO_LARGE, "text longer than " + limits.maxTextLength() + " characters");
                    }
                }
                default -> {
                    // Comments, processing instructions, document start and end: nothing to keep.
                }
            }
        }
        if (root == null) {
            throw new XmlException(Reason.MALFORMED, "malformed XML: no root element");
        }
        return root;
    }

    private static Map<String, String> attributes(XMLStreamReader reader, XmlLimits limits) throws XmlException {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String value = reader.getAttributeValue(i);
            if (value.length() > limits.maxTextLength()) {
                throw new XmlException(Reason.TOO_LARGE, "attribute longer than " + limits.maxTextLength() + " characters");
            }
            String namespace = nullToEmpty(reader.getAttributeNamespace(i));
            String name = reader.getAttributeLocalName(i);
            attributes.put(namespace.isEmpty() ? name : "{" + namespace + "}" + name, value);
        }
        return attributes;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String position(Exception e) {
        if (e instanceof XMLStreamException xml && xml.getLocation() != null && xml.getLocation().getLineNumber() > 0) {
            return " at line " + xml.getLocation().getLineNumber() + ", column " + xml.getLocation().getColumnNumber();
        }
        return "";
    }
}
