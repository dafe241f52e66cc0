package org.santegateway.server.registry;

import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;

import org.santegateway.audit.ActorKind;
import org.santegateway.audit.AuditEvent;
import org.santegateway.audit.AuditLog;
import org.santegateway.audit.CommonOutcome;
import org.santegateway.audit.Hashes;
import org.santegateway.audit.Pseudonyms;
import org.santegateway.login.CertificateLogins;
import org.santegateway.login.MailboxActivity;
import org.santegateway.trust.OperatorCertificateRevocation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@link CertificateLogins} over the registry: the chain is checked against the CRLs in force (the same
 * {@link OperatorCertificateRevocation} as the operators' TLS, with its policy), then the certificate's subject and
 * issuer (and fingerprint, when the binding pins one) must be bound to an active APP mailbox whose application is
 * {@link ApplicationState#REFERENCED}. Audited as {@code <protocol>.auth.certificate} (the mailbox as a pseudonym, the
 * certificate as a hash of its subject), counted in {@code gateway.certificate.logins{protocol,outcome}}.
 */
public class RegistryCertificateLogins implements CertificateLogins {
    static final String METRIC = "gateway.certificate.logins";

    private final JpaApplications applications;
    private final MailboxRegistry registry;
    private final OperatorCertificateRevocation revocation;
    private final MailboxActivity activity;
    private final AuditLog auditLog;
    private final Pseudonyms pseudonyms;
    private final Clock clock;
    private final MeterRegistry meters;

    @Inject
    public RegistryCertificateLogins(JpaApplications applications, MailboxRegistry registry, OperatorCertificateRevocation revocation,
                                     MailboxActivity activity, AuditLog auditLog, Pseudonyms pseudonyms, Clock clock, MeterRegistry meters) {
        this.applications = applications;
        this.registry = registry;
        this.revocation = revocation;
        this.activity = activity;
        this.auditLog = auditLog;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public Result attempt(String protocol, List<X509Certificate> chain, Optional<String> authzid, InetAddress client) {
        if (chain.isEmpty()) {
            return recorded(protocol, Optional.empty(), Optional.empty(), Result.of(Outcome.NO_CERTIFICATE));
        }
        X509Certificate leaf = chain.get(0);
        OperatorCertificateRevocation.Verdict verdict = revocation.check(chain);
        switch (verdict.outcome()) {
            case REVOKED, INVALID -> {
                return recorded(protocol, Optional.of(leaf), Optional.empty(), Result.of(Outcome.REVOKED));
            }
            case NO_CURRENT_CRL -> {
                return recorded(protocol, Optional.of(leaf), Optional.empty(), Result.of(Outcome.REVOCATION_UNKNOWN));
            }
            default -> {
            }
        }
        Optional<String> asked = authzid.map(value -> value.trim().toLowerCase(Locale.ROOT));
        List<ApplicationCertificate> bindings = bindings(leaf).stream()
            .filter(binding -> asked.isEmpty() || binding.mailbox().equals(asked.get()))
            .filter(binding -> activeApplicationMailbox(binding.mailbox()))
            .toList();
        List<String> mailboxes = bindings.stream().map(ApplicationCertificate::mailbox).distinct().toList();
        if (mailboxes.size() != 1) {
            return recorded(protocol, Optional.of(leaf), asked, Result.of(Outcome.NOT_BOUND));
        }
        String mailbox = mailboxes.get(0);
        boolean referenced = bindings.stream().anyMatch(binding -> referenced(binding.application()));
        if (!referenced) {
            return recorded(protocol, Optional.of(leaf), Optional.of(mailbox), Result.of(Outcome.APPLICATION_NOT_REFERENCED));
        }
        activity.loggedIn(mailbox);
        return recorded(protocol, Optional.of(leaf), Optional.of(mailbox), Result.success(mailbox));
    }

    @Override
    public boolean stillAllowed(String mailbox, X509Certificate certificate) {
        String address = mailbox.toLowerCase(Locale.ROOT);
        return activeApplicationMailbox(address) && bindings(certificate).stream()
            .anyMatch(binding -> binding.mailbox().equals(address) && referenced(binding.application()));
    }

    @Override
    public boolean certificateOnly(String mailbox) {
        return registry.find(mailbox.toLowerCase(Locale.ROOT)).filter(registered -> registered.kind() == MailboxKind.APP).isPresent();
    }

    private List<ApplicationCertificate> bindings(X509Certificate certificate) {
        String fingerprint = ApplicationCatalogue.fingerprint(certificate);
        return applications.bindingsOf(ApplicationCatalogue.canonical(certificate.getSubjectX500Principal()),
                ApplicationCatalogue.canonical(certificate.getIssuerX500Principal())).stream()
            .filter(binding -> binding.sha256().map(fingerprint::equals).orElse(true))
            .toList();
    }

    private boolean activeApplicationMailbox(String address) {
        return registry.find(address).filter(mailbox -> mailbox.kind() == MailboxKind.APP && mailbox.state() == MailboxState.ACTIVE).isPresent();
    }

    private boolean referenced(String application) {
        return applications.find(application).filter(found -> found.state() == ApplicationState.REFERENCED).isPresent();
    }

    private Result recorded(String protocol, Optional<X509Certificate> leaf, Optional<String> mailbox, Result result) {
        String actor = leaf.map(certificate -> Hashes.sha256(ApplicationCatalogue.canonical(certificate.getSubjectX500Principal()))).orElse("unknown");
        List<String> objects = mailbox.map(address -> List.of("mailbox:" + pseudonyms.of(address))).orElse(List.of());
        boolean success = result.outcome() == Outcome.SUCCESS;
        auditLog.record(new AuditEvent(clock.instant(), ActorKind.USER, actor, protocol + ".auth.certificate", objects,
            success ? CommonOutcome.SUCCESS : CommonOutcome.REFUSED,
            success ? Optional.empty() : Optional.of(result.outcome().name().toLowerCase(Locale.ROOT))));
        Counter.builder(METRIC)
            .description("Certificate (SASL EXTERNAL) logins of application mailboxes, by outcome")
            .tag("protocol", protocol)
            .tag("outcome", result.outcome().name().toLowerCase(Locale.ROOT))
            .register(meters)
            .increment();
        return result;
    }
}
