package org.santegateway.dmp;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.santegateway.audit.ActorKind;

/**
 * Who calls the DMP store: every call names its actor, and every access is recorded under it.
 *
 * @param kind       what the actor is
 * @param identifier the patient's matricule INS, the professional's address, the admin's login,
 *                   or {@code gateway} for the gateway itself
 */
public record Actor(Kind kind, String identifier) {
    public enum Kind {
        PATIENT, PROFESSIONAL, ADMIN, GATEWAY;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The actor kind of the audit records (the same name). */
        public ActorKind actorKind() {
            return switch (this) {
                case PATIENT -> ActorKind.PATIENT;
                case PROFESSIONAL -> ActorKind.PROFESSIONAL;
                case ADMIN -> ActorKind.ADMIN;
                case GATEWAY -> ActorKind.GATEWAY;
            };
        }
    }

    public Actor {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(identifier);
        if (identifier.isBlank()) {
            throw new IllegalArgumentException("an actor has an identifier");
        }
        if (kind == Kind.PATIENT) {
            identifier = new Ins(identifier).matricule();
        } else if (kind == Kind.PROFESSIONAL) {
            identifier = identifier.toLowerCase(Locale.ROOT);
        }
    }

    public static Actor patient(Ins ins) {
        return new Actor(Kind.PATIENT, ins.matricule());
    }

    public static Actor professional(String address) {
        return new Actor(Kind.PROFESSIONAL, address);
    }

    public static Actor admin(String login) {
        return new Actor(Kind.ADMIN, login);
    }

    public static Actor gateway() {
        return new Actor(Kind.GATEWAY, "gateway");
    }

    /** The patient this actor is, when it is one. */
    public Optional<Ins> patient() {
        return kind == Kind.PATIENT ? Optional.of(new Ins(identifier)) : Optional.empty();
    }

    @Override
    public String toString() {
        return "Actor[" + kind.tag() + "]";
    }
}
