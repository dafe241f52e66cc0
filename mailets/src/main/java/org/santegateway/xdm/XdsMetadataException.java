package org.santegateway.xdm;

/** A METADATA.XML that cannot be read at all; the message quotes nothing of it. */
public class XdsMetadataException extends Exception {
    private static final long serialVersionUID = 1L;

    private final PackageRefusal refusal;

    public XdsMetadataException(PackageRefusal refusal, String message) {
        super(message);
        this.refusal = refusal;
    }

    public PackageRefusal refusal() {
        return refusal;
    }
}
