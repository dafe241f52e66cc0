package org.santegateway.dmp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.santegateway.dmp.IdentificationDecision.File;
import org.santegateway.dmp.IdentificationDecision.Refuse;
import org.santegateway.dmp.PatientIdentifier.InsStatus;

/**
 * Decides whose record a document goes into, from the patient identifiers the document declares
 * and the patient addressees of the message (MSSanté codes 902-905):
 * <ol>
 *   <li>905 INS incomplete: an identifier with an INS OID whose value is malformed or whose
 *       authority type is not {@code ISO}, or (with no qualified INS) an INS-shaped value without
 *       its OID;</li>
 *   <li>904 INS inconsistent: two different qualified INS, an unqualified INS-shaped value other
 *       than the qualified one, or a qualified INS that is not one of the patient addressees
 *       (when the message has any);</li>
 *   <li>903 INS missing: no INS at all (other identifiers, such as a local patient number, say
 *       nothing about the INS and are ignored);</li>
 *   <li>902 unknown patient: the INS is not a patient of this gateway;</li>
 *   <li>otherwise file into that patient's record.</li>
 * </ol>
 * The checks run in this order, so the first defect found is the one reported.
 */
public final class PatientIdentification {
    private final Predicate<Ins> knownPatient;

    /** @param knownPatient whether a patient has a record (an account) on this gateway */
    public PatientIdentification(Predicate<Ins> knownPatient) {
        this.knownPatient = Objects.requireNonNull(knownPatient);
    }

    /**
     * For a document that identifies its patient (XDM, CDA).
     *
     * @param identifiers       every patient identifier the document declares (XDS patientId and
     *                          sourcePatientId, submission set patientId, CDA recordTarget ids)
     * @param patientAddressees the patients the message is addressed to (may be empty)
     */
    public IdentificationDecision decide(Collection<PatientIdentifier> identifiers, Set<Ins> patientAddressees) {
        Objects.requireNonNull(identifiers);
        Objects.requireNonNull(patientAddressees);
        Map<Ins, QualifiedIns> qualified = new LinkedHashMap<>();
        List<Optional<Ins>> unqualified = new ArrayList<>();
        for (PatientIdentifier identifier : identifiers) {
            InsStatus status = identifier.insStatus();
            if (status instanceof InsStatus.Qualified q) {
                qualified.putIfAbsent(q.ins().ins(), q.ins());
            } else if (status instanceof InsStatus.Incomplete incomplete) {
                if (identifier.authorityOid().flatMap(InsAuthority::ofOid).isPresent()) {
                    return new Refuse(IntegrationError.INS_INCOMPLETE);
                }
                unqualified.add(incomplete.value());
            }
        }
        if (qualified.size() > 1) {
            return new Refuse(IntegrationError.INS_INCONSISTENT);
        }
        if (qualified.isEmpty()) {
            return new Refuse(unqualified.isEmpty() ? IntegrationError.INS_MISSING : IntegrationError.INS_INCOMPLETE);
        }
        QualifiedIns ins = qualified.values().iterator().next();
        boolean otherUnqualified = unqualified.stream().anyMatch(value -> !value.equals(Optional.of(ins.ins())));
        if (otherUnqualified) {
            return new Refuse(IntegrationError.INS_INCONSISTENT);
        }
        if (!patientAddressees.isEmpty() && !patientAddressees.contains(ins.ins())) {
            return new Refuse(IntegrationError.INS_INCONSISTENT);
        }
        if (!knownPatient.test(ins.ins())) {
            return new Refuse(IntegrationError.UNKNOWN_PATIENT);
        }
        return new File(ins.ins(), Optional.of(ins.authority()));
    }

    /**
     * For a document that does not identify its patient (a PDF, an image): filed for each patient
     * addressee, with the metadata of the message. Empty when the message has no patient addressee.
     */
    public Map<Ins, IdentificationDecision> decideForAddressees(Set<Ins> patientAddressees) {
        Map<Ins, IdentificationDecision> decisions = new LinkedHashMap<>();
        for (Ins patient : new LinkedHashSet<>(patientAddressees)) {
            decisions.put(patient, knownPatient.test(patient)
                ? new File(patient, Optional.empty())
                : new Refuse(IntegrationError.UNKNOWN_PATIENT));
        }
        return decisions;
    }
}
