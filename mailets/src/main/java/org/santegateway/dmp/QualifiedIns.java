package org.santegateway.dmp;

import java.util.Objects;

/** An INS as a document declares it: the matricule with the authority (OID) that qualifies it. */
public record QualifiedIns(Ins ins, InsAuthority authority) {
    public QualifiedIns {
        Objects.requireNonNull(ins);
        Objects.requireNonNull(authority);
    }
}
