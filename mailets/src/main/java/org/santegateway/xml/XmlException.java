package org.santegateway.xml;

/** Why {@link SafeXml} refused a document; the message quotes no content. */
public class XmlException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Not well-formed XML (truncated, garbage, undefined entity...). */
        MALFORMED,
        /** A DOCTYPE: refused outright, so that no entity (external or expanding) is ever processed. */
        DOCTYPE_NOT_ALLOWED,
        /** More bytes, elements, depth or text than the limits allow. */
        TOO_LARGE
    }

    private final Reason reason;

    public XmlException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
