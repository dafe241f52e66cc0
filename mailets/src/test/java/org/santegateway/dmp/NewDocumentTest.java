package org.santegateway.dmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.santegateway.cda.CdaFixtures.INS;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class NewDocumentTest {
    @Test
    void fromMessageShouldTakeSenderDateAndSubjectWhenFilingAPdf() {
        Instant sent = Instant.parse("2024-03-01T08:00:00Z");
        NewDocument document = NewDocument.fromMessage(new Ins(INS), Author.ofSender("Dr Jean Martin", "dr.martin@hopital-exemple.fr"),
            "  Résultats d'analyse ", Optional.of(sent), "Application/PDF; name=r.pdf", "hash");
        assertThat(document.origin()).isEqualTo(DocumentOrigin.MESSAGE);
        assertThat(document.title()).isEqualTo("Résultats d'analyse");
        assertThat(document.author()).contains(new Author("Dr Jean Martin", Optional.of("dr.martin@hopital-exemple.fr"),
            Optional.of(Author.MAIL_ADDRESS_SYSTEM)));
        assertThat(document.creationTime()).contains(sent);
        assertThat(document.mimeType()).isEqualTo(DocumentTypes.PDF);
        assertThat(document.patientAuthority()).isEmpty();
        assertThat(document.typeCode()).isEmpty();
    }

    @Test
    void ofSenderShouldUseTheAddressWhenTheSenderHasNoName() {
        assertThat(Author.ofSender(" ", "dr.martin@hopital-exemple.fr").displayName()).isEqualTo("dr.martin@hopital-exemple.fr");
    }
}
