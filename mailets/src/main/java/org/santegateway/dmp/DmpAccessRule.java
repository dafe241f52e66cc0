package org.santegateway.dmp;

import java.util.Objects;

import org.santegateway.dmp.AccessDecision.Allowed;
import org.santegateway.dmp.AccessDecision.Basis;
import org.santegateway.dmp.AccessDecision.Denied;

/**
 * Who may do what with a patient's record:
 * <ul>
 *   <li>the patient: everything in their own record (list, fetch, hide/show, history), hidden documents included;</li>
 *   <li>a professional: list and fetch the documents that are not hidden, only while taking part in a
 *       conversation with the patient or when an admin granted access; never hide/show, never the history;</li>
 *   <li>an admin, the gateway: nothing (admins grant access, they do not read records; the gateway files
 *       through {@link DmpStore#file}, which the routing decides).</li>
 * </ul>
 * Plain and side-effect free: the store records each decision.
 */
public final class DmpAccessRule {
    private final ConversationMembership conversations;
    private final AccessGrants grants;

    public DmpAccessRule(ConversationMembership conversations, AccessGrants grants) {
        this.conversations = Objects.requireNonNull(conversations);
        this.grants = Objects.requireNonNull(grants);
    }

    /** Listing the record of {@code patient}; a professional then sees only {@link #mayFetch visible} documents. */
    public AccessDecision mayList(Actor actor, Ins patient) {
        return mayReadRecord(actor, patient);
    }

    /** Fetching one document (metadata and content). */
    public AccessDecision mayFetch(Actor actor, DocumentMetadata document) {
        AccessDecision record = mayReadRecord(actor, document.patient());
        if (record.allowed() && actor.kind() == Actor.Kind.PROFESSIONAL && document.hidden()) {
            return new Denied(DenialReason.HIDDEN_BY_PATIENT);
        }
        return record;
    }

    /** Hiding a document from professionals or showing it again. */
    public AccessDecision mayChangeVisibility(Actor actor, DocumentMetadata document) {
        return patientOnly(actor, document.patient());
    }

    /** Reading who accessed the record. */
    public AccessDecision mayReadHistory(Actor actor, Ins patient) {
        return patientOnly(actor, patient);
    }

    private AccessDecision mayReadRecord(Actor actor, Ins patient) {
        Objects.requireNonNull(patient);
        return switch (actor.kind()) {
            case PATIENT -> patientOnly(actor, patient);
            case PROFESSIONAL -> {
                if (conversations.inConversation(actor.identifier(), patient)) {
                    yield new Allowed(Basis.CONVERSATION);
                }
                if (grants.isGranted(actor.identifier(), patient)) {
                    yield new Allowed(Basis.ADMIN_GRANT);
                }
                yield new Denied(DenialReason.NO_RELATIONSHIP);
            }
            case ADMIN, GATEWAY -> new Denied(DenialReason.ROLE_NOT_ALLOWED);
        };
    }

    private static AccessDecision patientOnly(Actor actor, Ins patient) {
        if (actor.kind() != Actor.Kind.PATIENT) {
            return new Denied(DenialReason.ROLE_NOT_ALLOWED);
        }
        return actor.patient().filter(patient::equals).<AccessDecision>map(own -> new Allowed(Basis.OWN_RECORD))
            .orElse(new Denied(DenialReason.NOT_THE_PATIENT));
    }
}
