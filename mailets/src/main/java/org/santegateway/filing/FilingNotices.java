package org.santegateway.filing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.santegateway.dmp.IntegrationError;

/**
 * The acknowledgements of a filing, sent to the professional who sent the documents:
 * <ul>
 *   <li>an MDN (RFC 8098, {@code multipart/report; report-type=disposition-notification}) when the
 *       message asked for one ({@code Disposition-Notification-To}): {@code processed} when every
 *       document was filed, {@code processed/error} naming each code (902-905, or the refusal's
 *       code) otherwise;</li>
 *   <li>without that header, a notice only when something was refused (fixed text, French and
 *       English, with the codes).</li>
 * </ul>
 * They quote nothing of the message but its Message-ID, and name no patient.
 */
public final class FilingNotices {
    public static final String REPORTING_UA = "sante-gateway";
    private static final String FILED = "Documents intégrés au dossier du patient / Documents filed";
    private static final String NOT_FILED = "Documents non intégrés au dossier du patient / Documents not filed";

    private FilingNotices() {
    }

    /** The refusal reasons of {@code results}, each once, in order: MSSanté codes with their texts first. */
    static List<String> errorLines(List<DocumentResult> results) {
        Set<String> lines = new LinkedHashSet<>();
        for (DocumentResult result : results) {
            if (result.refused()) {
                lines.add(result.error().map(error -> error.code() + " " + error.english())
                    .orElse("Document refused (" + result.reason() + "): it was not filed."));
            }
        }
        return new ArrayList<>(lines);
    }

    private static String humanText(List<DocumentResult> results) {
        long filed = results.stream().filter(result -> !result.refused()).count();
        StringBuilder text = new StringBuilder();
        if (results.stream().noneMatch(DocumentResult::refused)) {
            text.append("Les documents de votre message ont été intégrés au dossier du patient (").append(filed).append(").\r\n");
            text.append("The documents of your message were filed in the patient's record (").append(filed).append(").\r\n");
            return text.toString();
        }
        text.append("Des documents de votre message n'ont pas été intégrés au dossier du patient. / ")
            .append("Documents of your message were not filed in the patient's record.\r\n\r\n");
        Set<String> seen = new LinkedHashSet<>();
        for (DocumentResult result : results) {
            if (result.refused()) {
                Optional<IntegrationError> error = result.error();
                String line = error.map(value -> value.code() + " " + value.french() + "\r\n" + value.code() + " " + value.english())
                    .orElse("Document refusé (" + result.reason() + ") : il n'a pas été intégré.\r\nDocument refused ("
                        + result.reason() + "): it was not filed.");
                if (seen.add(line)) {
                    text.append(line).append("\r\n");
                }
            }
        }
        if (filed > 0) {
            text.append("\r\nDocuments intégrés / documents filed: ").append(filed).append("\r\n");
        }
        text.append("\r\nLe message lui-même a été remis à ses destinataires. / The message itself was delivered to its recipients.\r\n");
        return text.toString();
    }

    /**
     * An MDN for the message {@code originalMessageId} sent by {@code from} (the gateway's postmaster)
     * to {@code to} (the sender), about the recipient {@code finalRecipient}.
     */
    public static MimeMessage mdn(String from, String to, String finalRecipient, Optional<String> originalMessageId,
                                  List<DocumentResult> results, String gatewayName) throws MessagingException {
        boolean error = results.stream().anyMatch(DocumentResult::refused);
        MimeMessage message = acknowledgement(from, to, error ? NOT_FILED : FILED, originalMessageId);
        MimeMultipart report = new MimeMultipart("report; report-type=disposition-notification");
        report.addBodyPart(humanPart(results));

        StringBuilder fields = new StringBuilder();
        fields.append("Reporting-UA: ").append(gatewayName).append("; ").append(REPORTING_UA).append("\r\n");
        fields.append("Final-Recipient: rfc822; ").append(finalRecipient).append("\r\n");
        originalMessageId.ifPresent(id -> fields.append("Original-Message-ID: ").append(id).append("\r\n"));
        fields.append("Disposition: automatic-action/MDN-sent-automatically; ").append(error ? "processed/error" : "processed").append("\r\n");
        for (String line : errorLines(results)) {
            fields.append("Error: ").append(line).append("\r\n");
        }
        return withReport(message, report, fields, "message/disposition-notification");
    }

    /**
     * The notice sent, without an MDN request, when documents were refused: a delivery status
     * report (RFC 3464, {@code multipart/report; report-type=delivery-status}) saying that the
     * message was delivered to {@code finalRecipient} and, in its {@code Diagnostic-Code}, which
     * documents were not filed and why (the MSSanté code when there is one). No content of the
     * original message is attached.
     */
    public static MimeMessage notice(String from, String to, String finalRecipient, Optional<String> originalMessageId,
                                     List<DocumentResult> results, String gatewayName) throws MessagingException {
        MimeMessage message = acknowledgement(from, to, NOT_FILED, originalMessageId);
        MimeMultipart report = new MimeMultipart("report; report-type=delivery-status");
        report.addBodyPart(humanPart(results));

        StringBuilder fields = new StringBuilder();
        fields.append("Reporting-MTA: dns; ").append(gatewayName).append("\r\n");
        originalMessageId.ifPresent(id -> fields.append("X-Original-Message-ID: ").append(id).append("\r\n"));
        fields.append("\r\n");
        fields.append("Final-Recipient: rfc822; ").append(finalRecipient).append("\r\n");
        fields.append("Action: delivered\r\n");
        fields.append("Status: 2.0.0\r\n");
        fields.append("Diagnostic-Code: x-mssante-dmp; ").append(String.join(" / ", errorLines(results))).append("\r\n");
        return withReport(message, report, fields, "message/delivery-status");
    }

    /** The headers of an acknowledgement: from the postmaster to the sender, in reply to the original message. */
    private static MimeMessage acknowledgement(String from, String to, String subject, Optional<String> originalMessageId)
        throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(from));
        message.setRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, "UTF-8");
        if (originalMessageId.isPresent()) {
            message.setHeader("In-Reply-To", originalMessageId.get());
            message.setHeader("References", originalMessageId.get());
        }
        return message;
    }

    private static MimeBodyPart humanPart(List<DocumentResult> results) throws MessagingException {
        MimeBodyPart human = new MimeBodyPart();
        human.setText(humanText(results), "UTF-8");
        return human;
    }

    /** Completes {@code report} with its machine-readable part of {@code type} and makes it the content. */
    private static MimeMessage withReport(MimeMessage message, MimeMultipart report, StringBuilder fields, String type)
        throws MessagingException {
        MimeBodyPart machine = new MimeBodyPart();
        machine.setContent(fields.toString(), type);
        machine.setHeader("Content-Type", type);
        machine.setHeader("Content-Transfer-Encoding", "7bit");
        report.addBodyPart(machine);
        message.setContent(report);
        message.setHeader("Auto-Submitted", "auto-replied");
        message.saveChanges();
        return message;
    }
}
