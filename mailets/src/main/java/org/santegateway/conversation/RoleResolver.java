package org.santegateway.conversation;

import java.util.Locale;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.santegateway.ins.MatriculeIns;

/**
 * Decides the {@link Role} of recipients and senders.
 *
 * <ul>
 *     <li>An address of a patient domain is a patient when its local part is a valid matricule
 *     INS, and not an address otherwise ({@code postmaster} excepted, RFC 5321 4.5.1).</li>
 *     <li>A recipient of a local non-patient domain or of a trusted operator domain is a
 *     professional; anything else is outside.</li>
 *     <li>A sender's role comes from the authenticated user when there is one. Without
 *     authentication the envelope decides, and only ever restricts: a patient-domain sender is a
 *     patient, a trusted operator's sender a professional, a local non-patient address is a
 *     professional only in mail the gateway generated itself (otherwise it is someone claiming a
 *     local address from outside), and a remote null sender is an outsider.</li>
 *     <li>Notifications the gateway generates itself (its DSNs, sent by a mailet from the null
 *     sender or the postmaster) are not subject to the rules.</li>
 * </ul>
 */
public class RoleResolver {
    private static final String POSTMASTER = "postmaster";

    private final PatientDomains patientDomains;
    private final LocalDomains localDomains;
    private final TrustedOperatorDomains trustedOperatorDomains;

    @Inject
    public RoleResolver(PatientDomains patientDomains, LocalDomains localDomains, TrustedOperatorDomains trustedOperatorDomains) {
        this.patientDomains = patientDomains;
        this.localDomains = localDomains;
        this.trustedOperatorDomains = trustedOperatorDomains;
    }

    public Role recipientRole(MailAddress address) {
        Domain domain = address.getDomain();
        if (patientDomains.contains(domain)) {
            return patientDomainRole(address);
        }
        if (localDomains.isLocal(domain) || trustedOperatorDomains.isTrusted(domain)) {
            return Role.PROFESSIONAL;
        }
        return Role.OUTSIDE;
    }

    /** True for an address of a patient domain whose local part is neither an INS nor postmaster. */
    public boolean isInvalidPatientAddress(MailAddress address) {
        return recipientRole(address) == Role.INVALID_PATIENT_ADDRESS;
    }

    public Role senderRole(SenderIdentity sender) {
        if (sender.generatedByGateway()
            && (sender.envelope().isNullSender() || isPostmaster(sender.envelope().get()))) {
            return Role.GATEWAY;
        }
        if (sender.authenticated().isPresent()) {
            Role role = recipientRole(sender.authenticated().get());
            return role == Role.PROFESSIONAL && !localDomains.isLocal(sender.authenticated().get().getDomain())
                ? Role.OUTSIDE
                : normaliseSender(role);
        }
        if (sender.envelope().isNullSender()) {
            return Role.OUTSIDE;
        }
        MailAddress envelope = sender.envelope().get();
        Domain domain = envelope.getDomain();
        if (patientDomains.contains(domain)) {
            return normaliseSender(patientDomainRole(envelope));
        }
        if (localDomains.isLocal(domain)) {
            return sender.generatedByGateway() ? Role.PROFESSIONAL : Role.OUTSIDE;
        }
        return trustedOperatorDomains.isTrusted(domain) ? Role.PROFESSIONAL : Role.OUTSIDE;
    }

    private Role patientDomainRole(MailAddress address) {
        String localPart = address.getLocalPart();
        if (MatriculeIns.isValid(localPart)) {
            return Role.PATIENT;
        }
        if (isPostmaster(address)) {
            return Role.OUTSIDE;
        }
        return Role.INVALID_PATIENT_ADDRESS;
    }

    private static boolean isPostmaster(MailAddress address) {
        return address.getLocalPart().toLowerCase(Locale.ROOT).equals(POSTMASTER);
    }

    /** A sender is never an "invalid address": such a sender is simply not a patient nor a professional. */
    private static Role normaliseSender(Role role) {
        return role == Role.INVALID_PATIENT_ADDRESS ? Role.OUTSIDE : role;
    }
}
