/**
 * XML parsing that is safe on hostile input: {@link org.santegateway.xml.SafeXml} (no DOCTYPE, no
 * external entities, size and depth limits from {@link org.santegateway.xml.XmlLimits}) into a small
 * read-only tree of {@link org.santegateway.xml.XmlElement}. Used by the XDS metadata and CDA header
 * readers; depends only on {@code io}.
 */
package org.santegateway.xml;
