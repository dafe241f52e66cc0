package org.santegateway.xml;

/**
 * Mandatory bounds on an XML document read by {@link SafeXml}.
 *
 * @param maxBytes      bytes read from the stream
 * @param maxElements   elements kept
 * @param maxDepth      nesting depth
 * @param maxTextLength characters of text in one element (and of one attribute value)
 */
public record XmlLimits(long maxBytes, int maxElements, int maxDepth, int maxTextLength) {
    public XmlLimits {
        if (maxBytes <= 0 || maxElements <= 0 || maxDepth <= 0 || maxTextLength <= 0) {
            throw new IllegalArgumentException("XML limits must be positive");
        }
    }
}
