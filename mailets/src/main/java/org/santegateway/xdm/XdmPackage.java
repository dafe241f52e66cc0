package org.santegateway.xdm;

import java.io.IOException;
import java.util.List;

import org.santegateway.dmp.SpooledContent;

/**
 * A read XDM package: the documents its METADATA.XML files list, each accepted or refused. Owns the
 * content of the accepted documents: {@link #close()} deletes their temporary files.
 */
public final class XdmPackage implements AutoCloseable {
    private final List<XdmDocument> documents;

    XdmPackage(List<XdmDocument> documents) {
        this.documents = List.copyOf(documents);
    }

    /** Every document, in the order of the metadata (subsets in name order). */
    public List<XdmDocument> documents() {
        return documents;
    }

    public List<XdmDocument.Accepted> accepted() {
        return documents.stream().filter(XdmDocument.Accepted.class::isInstance).map(XdmDocument.Accepted.class::cast).toList();
    }

    public List<XdmDocument.Refused> refused() {
        return documents.stream().filter(XdmDocument.Refused.class::isInstance).map(XdmDocument.Refused.class::cast).toList();
    }

    @Override
    public void close() {
        for (XdmDocument.Accepted document : accepted()) {
            closeQuietly(document.content());
        }
    }

    static void closeQuietly(SpooledContent content) {
        try {
            content.close();
        } catch (IOException ignored) {
            // A temporary file that cannot be deleted holds only ciphertext under a forgotten key.
        }
    }
}
