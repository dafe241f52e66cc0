package org.santegateway.dmp;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The authenticated data that binds an encrypted document to its identity: the document id and the
 * patient's matricule INS. Ciphertext moved to another document or another patient does not
 * decrypt. Encoded unambiguously (a context label, then each field length-prefixed).
 */
public record DocumentAad(DocumentId document, Ins patient) {
    private static final String CONTEXT = "sante-gateway/dmp-document/v1";

    public DocumentAad {
        Objects.requireNonNull(document);
        Objects.requireNonNull(patient);
    }

    byte[] encoded() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeField(out, CONTEXT);
            writeField(out, document.value().toString());
            writeField(out, patient.matricule());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeField(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeShort(utf8.length);
        out.write(utf8);
    }

    @Override
    public String toString() {
        return "DocumentAad[document=" + document + ", patient=***]";
    }
}
