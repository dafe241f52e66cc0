package org.santegateway.xdm;

import java.util.Objects;

/** What {@link XdmPackageReader#read} made of a zip. */
public sealed interface XdmReadResult {
    /** An XDM package: its documents are each accepted or refused. Close it when done. */
    record Read(XdmPackage xdmPackage) implements XdmReadResult {
        public Read {
            Objects.requireNonNull(xdmPackage);
        }
    }

    /** Refused as a whole: nothing of it is filed. */
    record Refused(PackageRefusal reason) implements XdmReadResult {
        public Refused {
            Objects.requireNonNull(reason);
        }
    }
}
