package org.santegateway.server.spaces;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.santegateway.server.outside.PersonalNotices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle notices at the patient's personal address, by the outside path ({@link PersonalNotices}): the
 * announcement with the objection code, the opening with the activation code. They name no health information, no
 * INS and no professional: only the code, the date and the webmail's address.
 */
public class SpaceNotices {
    static final String OBJECTION_SUBJECT = "Votre espace santé va être créé";
    static final String OPENING_SUBJECT = "Votre espace santé est ouvert";
    private static final Logger LOGGER = LoggerFactory.getLogger(SpaceNotices.class);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRENCH).withZone(ZoneId.of("Europe/Paris"));

    private final PersonalNotices notices;
    private final SpaceSettings settings;

    @Inject
    public SpaceNotices(PersonalNotices notices, SpaceSettings settings) {
        this.notices = notices;
        this.settings = settings;
    }

    void objectionNotice(String personalEmail, String code, Instant opening) {
        send("space-objection", personalEmail, OBJECTION_SUBJECT, "Bonjour,\n\n"
            + "Votre espace santé, avec sa messagerie sécurisée de santé, sera ouvert le " + DATE.format(opening) + ".\n"
            + "Vous pouvez vous y opposer jusqu'à cette date : rendez-vous sur " + page("opposition")
            + " avec votre matricule INS (numéro de sécurité sociale) et ce code d'opposition :\n\n    " + code + "\n\n"
            + "Si vous ne faites rien, votre espace sera ouvert et vous recevrez un code pour l'activer.\n\n"
            + "Ce courriel est envoyé automatiquement : n'y répondez pas.\n");
    }

    void openingNotice(String personalEmail, String code) {
        send("space-opening", personalEmail, OPENING_SUBJECT, "Bonjour,\n\n"
            + "Votre espace santé est ouvert. Pour l'activer, choisissez votre mot de passe sur " + page("activation")
            + " avec votre matricule INS et ce code d'activation :\n\n    " + code + "\n\n"
            + "Ce courriel est envoyé automatiquement : n'y répondez pas.\n");
    }

    private String page(String path) {
        String base = settings.publicUrl();
        return (base.endsWith("/") ? base : base + "/") + path;
    }

    private void send(String kind, String personalEmail, String subject, String text) {
        try {
            notices.send(kind, new MailAddress(personalEmail), subject, text);
        } catch (AddressException e) {
            LOGGER.warn("A lifecycle notice was not sent: the personal address is not an address");
        } catch (MessagingException e) {
            // The transition stands; the admin resends the notice from the postal export or a new import of the line.
            LOGGER.error("A lifecycle notice could not be queued: {}", e.getClass().getSimpleName());
        }
    }
}
