package org.santegateway.server.registry;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;
import javax.security.auth.x500.X500Principal;

import org.santegateway.server.registry.RegistryRefusal.Reason;

/**
 * What admins do with the catalogue of certified applications and the certificates of application mailboxes: add an
 * application, change its details, reference, suspend or withdraw it; bind a certificate (by its subject and issuer,
 * or pinned by its fingerprint) to an APP mailbox of the registry, list and remove bindings. Refusals are
 * {@link RegistryRefusal}s (400, 404, 409).
 */
public class ApplicationCatalogue {
    private final JpaApplications store;
    private final MailboxRegistry registry;
    private final Clock clock;

    @Inject
    public ApplicationCatalogue(JpaApplications store, MailboxRegistry registry, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.clock = clock;
    }

    /** The fields an admin gives for an application. */
    public record Details(String editor, String product, String version, String certification) {
        public Details {
            editor = required("editor", editor, 255);
            product = required("product", product, 255);
            version = required("version", version, 64);
            certification = required("certification", certification, 255);
        }

        private static String required(String name, String value, int max) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " is required");
            }
            if (value.length() > max) {
                throw new IllegalArgumentException(name + " is longer than " + max + " characters");
            }
            return value.trim();
        }
    }

    public CertifiedApplication create(String id, Details details) {
        checkId(id);
        Instant now = clock.instant();
        CertifiedApplication application = new CertifiedApplication(id, details.editor(), details.product(), details.version(),
            details.certification(), ApplicationState.REFERENCED, now, now);
        if (!store.add(application)) {
            throw new RegistryRefusal(Reason.CONFLICT, "application_exists", "An application with this id is in the catalogue already");
        }
        return application;
    }

    public CertifiedApplication update(String id, Details details) {
        CertifiedApplication current = application(id);
        CertifiedApplication updated = new CertifiedApplication(id, details.editor(), details.product(), details.version(),
            details.certification(), current.state(), current.createdAt(), clock.instant());
        store.update(updated);
        return updated;
    }

    public CertifiedApplication changeState(String id, ApplicationState target) {
        CertifiedApplication current = application(id);
        if (!current.state().mayBecome(target)) {
            throw new RegistryRefusal(Reason.CONFLICT, "withdrawn_is_final", "A withdrawn application stays withdrawn");
        }
        CertifiedApplication changed = new CertifiedApplication(id, current.editor(), current.product(), current.version(),
            current.certification(), target, current.createdAt(), clock.instant());
        store.update(changed);
        return changed;
    }

    public Optional<CertifiedApplication> find(String id) {
        return store.find(id);
    }

    public List<CertifiedApplication> list() {
        return store.list();
    }

    public CertifiedApplication application(String id) {
        return store.find(id).orElseThrow(() -> new RegistryRefusal(Reason.NOT_FOUND, "unknown_application", "No such application"));
    }

    /**
     * Binds a certificate to an APP mailbox of an application: either {@code pem} (that very certificate: its subject,
     * issuer and fingerprint) or {@code subject} and {@code issuer} (any certificate with these names, renewals included).
     */
    public ApplicationCertificate bind(String mailbox, String applicationId, Optional<String> pem, Optional<String> subject,
                                       Optional<String> issuer) {
        Mailbox registered = registry.find(mailbox)
            .orElseThrow(() -> new RegistryRefusal(Reason.NOT_FOUND, "unknown", "No such registered mailbox"));
        if (registered.kind() != MailboxKind.APP) {
            throw new RegistryRefusal(Reason.CONFLICT, "not_application_mailbox",
                "Only APP mailboxes sign in with a certificate (this one is " + registered.kind() + ")");
        }
        if (registered.state() == MailboxState.CLOSED) {
            throw new RegistryRefusal(Reason.CONFLICT, "closed", "This mailbox is closed");
        }
        CertifiedApplication application = application(applicationId);
        if (application.state() == ApplicationState.WITHDRAWN) {
            throw new RegistryRefusal(Reason.CONFLICT, "withdrawn", "This application is withdrawn from the catalogue");
        }
        ApplicationCertificate binding;
        if (pem.isPresent()) {
            X509Certificate certificate = parse(pem.get());
            binding = new ApplicationCertificate(UUID.randomUUID().toString(), mailbox, application.id(),
                canonical(certificate.getSubjectX500Principal()), canonical(certificate.getIssuerX500Principal()),
                Optional.of(fingerprint(certificate)), clock.instant());
        } else if (subject.isPresent() && issuer.isPresent()) {
            binding = new ApplicationCertificate(UUID.randomUUID().toString(), mailbox, application.id(), canonical("subject", subject.get()),
                canonical("issuer", issuer.get()), Optional.empty(), clock.instant());
        } else {
            throw new RegistryRefusal(Reason.INVALID, "certificate_missing", "Give the certificate (PEM), or its subject and issuer");
        }
        store.bind(binding);
        return binding;
    }

    public List<ApplicationCertificate> certificates(String mailbox) {
        return store.certificatesOf(mailbox);
    }

    public void unbind(String mailbox, String id) {
        if (!store.unbind(mailbox, id)) {
            throw new RegistryRefusal(Reason.NOT_FOUND, "unknown_binding", "No such certificate binding for this mailbox");
        }
    }

    static String canonical(X500Principal principal) {
        return principal.getName(X500Principal.CANONICAL);
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("SHA-256 of a certificate", e);
        }
    }

    private static String canonical(String field, String dn) {
        try {
            return canonical(new X500Principal(dn));
        } catch (IllegalArgumentException e) {
            throw new RegistryRefusal(Reason.INVALID, "invalid_dn", field + " is not a distinguished name such as CN=..., O=..., C=FR");
        }
    }

    private static X509Certificate parse(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | RuntimeException e) {
            throw new RegistryRefusal(Reason.INVALID, "invalid_certificate", "certificate is not a PEM X.509 certificate");
        }
    }

    private static void checkId(String id) {
        if (id == null || !id.matches(CertifiedApplication.ID_SYNTAX)) {
            throw new RegistryRefusal(Reason.INVALID, "invalid_id", "The application id must match " + CertifiedApplication.ID_SYNTAX);
        }
    }
}
