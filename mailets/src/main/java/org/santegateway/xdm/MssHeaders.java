package org.santegateway.xdm;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.santegateway.dmp.PatientIdentifier;

/**
 * The MSSanté headers of an outgoing message that carries IHE XDM packages with CDA documents:
 * {@code X-MSS-CODECDA}, the CDA document codes (comma-separated, each once, in order), and
 * {@code X-MSS-INS}, {@code O} when a qualified INS (INS-NIR or INS-NIA OID, well formed) identifies
 * the patient of a CDA document, {@code N} otherwise. No CDA document: no header at all.
 *
 * <p>Only accepted CDA documents count (a document whose hash does not match is no document).
 * A code is taken only if it is a plain token ({@code [A-Za-z0-9._-]}): a header value never carries
 * anything a producer slipped into the metadata, line breaks least of all.</p>
 */
public record MssHeaders(String codeCda, String ins) {
    public static final String CODE_CDA_HEADER = "X-MSS-CODECDA";
    public static final String INS_HEADER = "X-MSS-INS";
    private static final Pattern SAFE_CODE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public MssHeaders {
        Objects.requireNonNull(codeCda);
        Objects.requireNonNull(ins);
    }

    public static Optional<MssHeaders> of(XdmPackage xdmPackage) {
        return of(List.of(xdmPackage));
    }

    /** For all the XDM packages of one message. */
    public static Optional<MssHeaders> of(Collection<XdmPackage> packages) {
        Set<String> codes = new LinkedHashSet<>();
        boolean cdaPresent = false;
        boolean qualifiedIns = false;
        for (XdmPackage xdmPackage : packages) {
            for (XdmDocument.Accepted document : xdmPackage.accepted()) {
                if (document.cda().isEmpty()) {
                    continue;
                }
                cdaPresent = true;
                String code = document.cda().get().code().code();
                if (SAFE_CODE.matcher(code).matches()) {
                    codes.add(code);
                }
                qualifiedIns |= document.patientIdentifiers().stream()
                    .map(PatientIdentifier::insStatus)
                    .anyMatch(PatientIdentifier.InsStatus.Qualified.class::isInstance);
            }
        }
        if (!cdaPresent || codes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MssHeaders(String.join(",", codes), qualifiedIns ? "O" : "N"));
    }
}
