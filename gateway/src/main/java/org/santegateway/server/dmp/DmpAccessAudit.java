package org.santegateway.server.dmp;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.AuditLog;
import org.santegateway.audit.CommonOutcome;
import org.santegateway.audit.Pseudonyms;
import org.santegateway.dmp.AccessAction;
import org.santegateway.dmp.Actor;
import org.santegateway.dmp.DenialReason;
import org.santegateway.dmp.DocumentId;
import org.santegateway.dmp.Ins;

/**
 * Audit records of accesses to the DMP store: action {@code dmp.<list|fetch|hide|show|read_history>},
 * outcome {@code granted} or {@code denied} with the reason code; the actor and the patient as keyed
 * pseudonyms, the document by its random store id. Never a title, a file name or an INS in clear.
 */
public class DmpAccessAudit {
    private final AuditLog auditLog;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    @Inject
    public DmpAccessAudit(AuditLog auditLog, Pseudonyms pseudonyms, Clock clock) {
        this.auditLog = auditLog;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
    }

    public void access(Actor actor, Ins patient, AccessAction action, Optional<DocumentId> document, Optional<DenialReason> denial) {
        List<String> objects = new ArrayList<>();
        objects.add("patient:" + pseudonyms.of(patient.matricule()));
        document.ifPresent(id -> objects.add("document:" + id));
        auditLog.record(new AuditEvent(clock.instant(), actor.kind().actorKind(), pseudonyms.of(actor.identifier()),
            "dmp." + action.tag(), objects, denial.isPresent() ? CommonOutcome.DENIED : CommonOutcome.GRANTED, denial.map(DenialReason::code)));
    }

    /** An admin's change of a professional's access to a patient's record. */
    public void grant(String adminLogin, String professional, Ins patient, boolean granted) {
        auditLog.record(new AuditEvent(clock.instant(), Actor.Kind.ADMIN.actorKind(), pseudonyms.of(adminLogin), "dmp.grant",
            List.of("patient:" + pseudonyms.of(patient.matricule()), "professional:" + pseudonyms.of(professional)),
            granted ? CommonOutcome.GRANTED : CommonOutcome.REVOKED, Optional.empty()));
    }
}
