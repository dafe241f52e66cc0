package org.santegateway.conversation;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Why a message is refused, with the texts the sender reads (French then English) and the SMTP
 * codes. The texts are fixed: they never quote the message, and they do not reveal whether a
 * conversation the sender does not take part in exists.
 */
public enum RefusalReason {
    INVALID_PATIENT_ADDRESS("550", "5.1.1",
        "Adresse patient invalide : la partie avant le @ doit être un matricule INS valide (15 caractères, clé comprise).",
        "Invalid patient address: the part before the @ must be a valid INS number (15 characters including the key)."),
    SENDER_NOT_PROFESSIONAL("550", "5.7.1",
        "Seul un professionnel de santé peut écrire à un patient.",
        "Only a health professional can write to a patient."),
    NO_CONVERSATION("550", "5.7.1",
        "Vous ne pouvez écrire qu'aux professionnels de santé qui vous ont écrit et n'ont pas clôturé l'échange : répondez à l'un de leurs messages.",
        "You can only write to health professionals who wrote to you and did not close the exchange: reply to one of their messages."),
    NOT_IN_CONVERSATION("550", "5.7.1",
        "Ce message ne répond pas à une conversation à laquelle vous participez.",
        "This message does not reply to a conversation you take part in."),
    RECIPIENT_NOT_IN_CONVERSATION("550", "5.7.1",
        "Vous ne pouvez écrire qu'aux professionnels de santé qui participent à cette conversation.",
        "You can only write to the health professionals who take part in this conversation."),
    PATIENT_RECIPIENT("550", "5.7.1",
        "Un patient ne peut pas écrire à un autre patient.",
        "A patient cannot write to another patient."),
    OUTSIDE_RECIPIENT("550", "5.7.1",
        "Vous ne pouvez écrire qu'aux professionnels de santé de vos conversations.",
        "You can only write to the health professionals of your conversations."),
    CONVERSATION_CLOSED("550", "5.7.1",
        "Cette conversation a été clôturée par le professionnel de santé : vous ne pouvez plus y répondre.",
        "This conversation was closed by the health professional: you can no longer reply to it."),
    TOO_LARGE("552", "5.3.4",
        "Message trop volumineux : un message destiné à un patient ne peut pas dépasser 25 Mo.",
        "Message too large: a message to a patient cannot exceed 25 MB."),
    /** The patient's space was announced and opens at the end of the objection window. */
    SPACE_NOT_OPEN("550", "5.2.1",
        "Messagerie pas encore ouverte : l'espace santé de ce patient n'est pas encore ouvert.",
        "Mailbox not open yet: this patient's health space is not open yet."),
    /** The patient objected to the creation of their space. */
    SPACE_OBJECTED("550", "5.1.1",
        "Patient sans messagerie : ce patient s'est opposé à la création de son espace santé.",
        "No mailbox: this patient objected to the creation of their health space."),
    SPACE_CLOSED("550", "5.2.1",
        "Messagerie clôturée : l'espace santé de ce patient est clôturé.",
        "Mailbox closed: this patient's health space is closed."),
    UNKNOWN_PATIENT("550", "5.1.1",
        "Patient inconnu : aucun espace santé pour cette adresse.",
        "Unknown patient: no health space for this address.");

    private final String smtpCode;
    private final String enhancedStatus;
    private final String french;
    private final String english;

    RefusalReason(String smtpCode, String enhancedStatus, String french, String english) {
        this.smtpCode = smtpCode;
        this.enhancedStatus = enhancedStatus;
        this.french = french;
        this.english = english;
    }

    /** The reason code in audit events and metric tags. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String smtpCode() {
        return smtpCode;
    }

    public String enhancedStatus() {
        return enhancedStatus;
    }

    public String french() {
        return french;
    }

    public String english() {
        return english;
    }

    /** Both texts for a DSN (UTF-8), French first. */
    public String text() {
        return french + "\n" + english;
    }

    /** One line for an SMTP reply: enhanced status, then both texts, in ASCII (SMTP replies are ASCII). */
    public String smtpDescription() {
        return enhancedStatus + " " + ascii(french) + " / " + ascii(english);
    }

    private static String ascii(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").replaceAll("[^\\x20-\\x7E]", "");
    }
}
