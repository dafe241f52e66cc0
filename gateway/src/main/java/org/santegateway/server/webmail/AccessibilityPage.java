package org.santegateway.server.webmail;

import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.santegateway.server.settings.GatewayProperties;

/**
 * {@code GET /accessibilite}: the accessibility statement (RGAA's "déclaration d'accessibilité"), public, linked from
 * every page's footer. No full RGAA audit has been made, so the conformance state is "non conforme", as RGAA requires
 * until one is; the page says what was checked and what is known not to conform, and how to report a problem:
 * {@value #CONTACT} in {@code gateway.properties}, else {@code postmaster.address}.
 */
public class AccessibilityPage {
    public static final String CONTACT = "webmail.accessibility.contact";
    private static final String POSTMASTER = "postmaster.address";

    private final Optional<MailAddress> contact;

    public AccessibilityPage(Optional<MailAddress> contact) {
        this.contact = contact;
    }

    public static AccessibilityPage from(GatewayProperties properties) {
        return new AccessibilityPage(properties.address(CONTACT).or(() -> properties.address(POSTMASTER)));
    }

    WebResponse statement() {
        String report = contact
            .map(address -> "<p>Si vous ne parvenez pas à utiliser un service ou un contenu de cette messagerie, écrivez à "
                + "<a href=\"mailto:" + Html.escape(address.asString()) + "\">" + Html.escape(address.asString()) + "</a> : "
                + "nous vous répondrons et vous orienterons vers une autre façon d'accéder à l'information.</p>")
            .orElse("<p>Si vous ne parvenez pas à utiliser un service ou un contenu de cette messagerie, contactez l'établissement "
                + "ou l'opérateur qui vous l'a ouverte : il vous orientera vers une autre façon d'accéder à l'information.</p>");
        String body = "<h1>Déclaration d'accessibilité</h1>"
            + "<p>L'opérateur de cette messagerie santé s'engage à la rendre accessible conformément à l'article 47 de la loi "
            + "n° 2005-102 du 11 février 2005. Cette déclaration s'applique à la messagerie web des patients.</p>"
            + "<h2>État de conformité</h2>"
            + "<p>Cette messagerie est <strong>non conforme</strong> au référentiel général d'amélioration de l'accessibilité "
            + "(RGAA 4.1) : aucun audit complet n'a encore été réalisé.</p>"
            + "<h2>Ce qui a été vérifié</h2>"
            + "<ul><li>Chaque page, sur ordinateur (1280 pixels de large) et sur téléphone (360 pixels), avec l'outil de test "
            + "automatique axe-core : aucune erreur grave.</li>"
            + "<li>Aucune page ne demande de défilement horizontal sur un écran de 320 pixels (zoom à 400 %).</li>"
            + "<li>La connexion, la lecture, la réponse et la déconnexion se font au clavier seul ; un lien permet d'aller "
            + "directement au contenu.</li></ul>"
            + "<h2>Contenus non accessibles</h2>"
            + "<ul><li>La session se ferme après une période d'inactivité sans prévenir avant : une réponse en cours de saisie "
            + "peut être perdue (critère 13.1).</li>"
            + "<li>Le format et la taille des pièces jointes ne sont pas indiqués avant leur téléchargement (critère 13.3).</li>"
            + "<li>Les documents déposés par les professionnels (PDF notamment) n'ont pas été vérifiés : leur accessibilité "
            + "dépend de leur auteur.</li></ul>"
            + "<h2>Retour d'information et contact</h2>" + report
            + "<h2>Voies de recours</h2>"
            + "<p>Si vous constatez un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à une fonctionnalité, "
            + "que vous nous l'avez signalé et que vous n'avez pas obtenu de réponse satisfaisante, vous pouvez saisir le "
            + "Défenseur des droits (formulaire en ligne sur defenseurdesdroits.fr, un délégué dans votre région, ou par courrier "
            + "gratuit : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07).</p>"
            + "<p><a href=\"/conversations\">Retour à la messagerie</a></p>";
        return WebResponse.html(Html.publicPage("Déclaration d'accessibilité", body));
    }
}
