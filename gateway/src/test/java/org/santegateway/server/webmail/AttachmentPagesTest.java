package org.santegateway.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.santegateway.server.webmail.PageFixtures.PATIENT;
import static org.santegateway.server.webmail.PageFixtures.body;

import java.nio.charset.StandardCharsets;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.inmemory.InMemoryId;
import org.junit.jupiter.api.Test;
import org.santegateway.server.webmail.PageFixtures.MemoryMessages;

/** Attachments are downloaded, never shown, and only from the patient's own messages. */
class AttachmentPagesTest {
    private static final String ENTITY = "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
        + "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nCi-joint.\r\n"
        + "--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"=?UTF-8?Q?compte_rendu_=C3=A9t=C3=A9.pdf?=\"\r\n"
        + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjcK\r\n--b--\r\n";

    private final MemoryMessages messages = new MemoryMessages();
    private final AttachmentPages pages = new AttachmentPages(messages, new InMemoryId.Factory());
    private final MessageUid uid = messages.receiveEntity("Dr Martin", "dr.martin@hopital-test.fr", "Compte rendu", ENTITY);
    private final String mailbox = MemoryMessages.INBOX.serialize();
    private final String number = String.valueOf(uid.asLong());

    @Test
    void attachmentShouldBeDownloadedUnderAnAsciiAndAnEncodedName() {
        WebResponse response = pages.attachment(PATIENT, mailbox, number, "0");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/octet-stream");
        assertThat(response.headers()).containsEntry("Content-Disposition",
            "attachment; filename=\"compte_rendu__t_.pdf\"; filename*=UTF-8''compte%20rendu%20%C3%A9t%C3%A9.pdf");
        assertThat(new String(response.body(), StandardCharsets.US_ASCII)).isEqualTo("%PDF-1.7\n");
    }

    @Test
    void attachmentShouldBeNotFoundWhenTheIndexIsOutOfRange() {
        assertThat(pages.attachment(PATIENT, mailbox, number, "1").status()).isEqualTo(404);
        assertThat(pages.attachment(PATIENT, mailbox, number, "-1").status()).isEqualTo(404);
    }

    @Test
    void attachmentShouldBeNotFoundWhenTheAddressIsNotANumber() {
        WebResponse response = pages.attachment(PATIENT, mailbox, "abc", "0");

        assertThat(response.status()).isEqualTo(404);
        assertThat(body(response)).contains("Page introuvable.");
    }

    @Test
    void attachmentShouldBeNotFoundInAnotherPatientsMailbox() {
        assertThat(pages.attachment(Username.of("autre@patient.mssante.fr"), mailbox, number, "0").status()).isEqualTo(404);
    }
}
