package org.santegateway.server.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.santegateway.audit.ActorKind;
import org.santegateway.audit.AuditEvent;

class LoginThrottleTest {
    final List<AuditEvent> audit = new ArrayList<>();

    @Test
    void failuresShouldBeAuditedUnderTheActorKindOfTheLogin() {
        LoginThrottle throttle = new LoginThrottle(new LoginPolicy(5, Duration.ofMinutes(15), Duration.ofMillis(1), 20), "webmail",
            login -> login.endsWith("@patient.mssante.fr") ? ActorKind.PATIENT : ActorKind.USER, audit::add, value -> "pseudo-" + value,
            Clock.systemUTC());

        throttle.failed("Dr.Martin@Hopital.fr");
        throttle.failed("185057512345673@patient.mssante.fr");

        assertThat(audit).extracting(AuditEvent::actorRole).containsExactly("USER", "PATIENT");
        assertThat(audit).extracting(AuditEvent::action).containsOnly("webmail.login");
    }
}
