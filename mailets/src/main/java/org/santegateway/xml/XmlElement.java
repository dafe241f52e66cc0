package org.santegateway.xml;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An element read by {@link SafeXml}: a small immutable-once-built tree, enough to navigate XDS
 * metadata and CDA headers by local name. Attributes without a namespace are keyed by local name;
 * namespaced ones by {@code {namespace}localName}.
 */
public final class XmlElement {
    private final String namespace;
    private final String localName;
    private final Map<String, String> attributes;
    private final List<XmlElement> children = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    XmlElement(String namespace, String localName, Map<String, String> attributes) {
        this.namespace = namespace == null ? "" : namespace;
        this.localName = localName;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    public String namespace() {
        return namespace;
    }

    public String localName() {
        return localName;
    }

    public boolean is(String expectedNamespace, String expectedLocalName) {
        return namespace.equals(expectedNamespace) && localName.equals(expectedLocalName);
    }

    /** The attribute without namespace, stripped; empty when absent or blank. */
    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    public List<XmlElement> children() {
        return Collections.unmodifiableList(children);
    }

    /** Child elements with this local name (any namespace). */
    public List<XmlElement> children(String name) {
        return children.stream().filter(child -> child.localName.equals(name)).toList();
    }

    public Optional<XmlElement> child(String name) {
        return children.stream().filter(child -> child.localName.equals(name)).findFirst();
    }

    /** Child elements of {@code namespace} with this local name. */
    public List<XmlElement> children(String childNamespace, String name) {
        return children.stream().filter(child -> child.is(childNamespace, name)).toList();
    }

    public Optional<XmlElement> child(String childNamespace, String name) {
        return children.stream().filter(child -> child.is(childNamespace, name)).findFirst();
    }

    /** This element and every element below it, in document order. */
    public List<XmlElement> descendantsAndSelf() {
        // Iterative: nested Stream.concat/flatMap costs far more than the parse on a large tree.
        List<XmlElement> all = new ArrayList<>();
        Deque<XmlElement> pending = new ArrayDeque<>();
        pending.push(this);
        while (!pending.isEmpty()) {
            XmlElement element = pending.pop();
            all.add(element);
            for (int i = element.children.size() - 1; i >= 0; i--) {
                pending.push(element.children.get(i));
            }
        }
        return all;
    }

    /** The text directly inside this element (coalesced), stripped. */
    public String text() {
        return text.toString().strip();
    }

    void addChild(XmlElement child) {
        children.add(child);
    }

    int appendText(String more) {
        text.append(more);
        return text.length();
    }

    @Override
    public String toString() {
        return "XmlElement[" + localName + "]";
    }
}
