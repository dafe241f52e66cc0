package org.santegateway.dmp;

import java.util.Arrays;
import java.util.Optional;

/** The two assigning authorities of the INS, by the OID that qualifies an identifier as an INS. */
public enum InsAuthority {
    /** INS-NIR: the matricule is the NIR. */
    NIR("1.2.250.1.213.1.4.8"),
    /** INS-NIA: the matricule is a provisional number (numéro d'identification d'attente). */
    NIA("1.2.250.1.213.1.4.9");

    private final String oid;

    InsAuthority(String oid) {
        this.oid = oid;
    }

    public String oid() {
        return oid;
    }

    public static Optional<InsAuthority> ofOid(String oid) {
        return Arrays.stream(values()).filter(authority -> authority.oid.equals(oid)).findFirst();
    }
}
