package org.santegateway.server.registry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.santegateway.audit.ActorKind;
import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.AuditLog;
import org.santegateway.audit.CommonOutcome;
import org.santegateway.audit.Pseudonyms;

/**
 * Audit records of the registry's changes: action {@code registry.<create|register|update|state|export>}, the admin,
 * the mailbox and its holder as keyed pseudonyms, the kind and the new state in clear (they identify no one);
 * outcome {@code accepted}, or {@code refused} with the refusal's code.
 */
public class RegistryAudit {
    private final AuditLog auditLog;
    private final Pseudonyms pseudonyms;
    private final Clock clock;

    @Inject
    public RegistryAudit(AuditLog auditLog, Pseudonyms pseudonyms, Clock clock) {
        this.auditLog = auditLog;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
    }

    public void accepted(String admin, String action, String address, Optional<Mailbox> mailbox) {
        record(admin, action, address, mailbox, CommonOutcome.ACCEPTED, Optional.empty());
    }

    public void refused(String admin, String action, String address, RegistryRefusal refusal) {
        record(admin, action, address, Optional.empty(), CommonOutcome.REFUSED, Optional.of(refusal.code()));
    }

    /**
     * A change of the catalogue of applications or of a mailbox's certificates: action {@code registry.<action>}, the
     * application by its id (not personal) or the mailbox as a pseudonym; refused with the refusal's code.
     */
    public void catalogue(String admin, String action, String object, Optional<String> refusal) {
        String objectId = object.startsWith("mailbox:") ? "mailbox:" + pseudonyms.of(object.substring("mailbox:".length())) : object;
        auditLog.record(new AuditEvent(clock.instant(), ActorKind.ADMIN, pseudonyms.of(admin), "registry." + action, List.of(objectId),
            refusal.isPresent() ? CommonOutcome.REFUSED : CommonOutcome.ACCEPTED, refusal));
    }

    /** A directory export: what was asked, no mailbox named. */
    public void exported(String admin, int mailboxes) {
        auditLog.record(new AuditEvent(clock.instant(), ActorKind.ADMIN, pseudonyms.of(admin), "registry.export",
            List.of("mailboxes:" + mailboxes), CommonOutcome.ACCEPTED, Optional.empty()));
    }

    private void record(String admin, String action, String address, Optional<Mailbox> mailbox, CommonOutcome outcome,
                        Optional<String> reason) {
        List<String> objects = new ArrayList<>();
        objects.add("mailbox:" + pseudonyms.of(address));
        mailbox.ifPresent(registered -> {
            registered.details().holder().ifPresent(holder -> objects.add("holder:" + pseudonyms.of(holder.value())));
            objects.add("kind:" + registered.kind());
            objects.add("state:" + registered.state());
        });
        auditLog.record(new AuditEvent(clock.instant(), ActorKind.ADMIN, pseudonyms.of(admin), "registry." + action, objects,
            outcome, reason));
    }
}
