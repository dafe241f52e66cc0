package org.santegateway.server.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * What an admin may change about a mailbox after its creation (its address and kind never change).
 *
 * @param holder      who holds it; empty only for a James user the registry has no row for yet
 * @param displayName the name shown in the directory (the practitioner's or the mailbox's)
 * @param profession  the practitioner's profession code (TRE_G15-ProfessionSante, e.g. {@code 10} physician), when known
 * @param speciality  the practitioner's speciality code (TRE_R38-SpecialiteOrdinale, e.g. {@code SM26}), when known
 * @param listeRouge  never published in the directory when true
 * @param rank        the preferred order among the holder's mailboxes, 1 first
 * @param description what the mailbox is for (ORG, APP, CAB)
 * @param service     the service of the organisation it belongs to (ORG, APP, CAB)
 * @param contact     who runs it at the operational level (ORG, APP, CAB; the directory's {@code responsible})
 */
public record MailboxDetails(Optional<HolderId> holder, String displayName, Optional<String> profession, Optional<String> speciality,
                             boolean listeRouge, int rank, Optional<String> description, Optional<String> service,
                             Optional<String> contact) {
    public static final int MAX_TEXT = 255;

    public MailboxDetails {
        Objects.requireNonNull(holder);
        Objects.requireNonNull(displayName);
        if (displayName.isBlank()) {
            throw new IllegalArgumentException("displayName must not be empty");
        }
        if (rank < 1 || rank > 99) {
            throw new IllegalArgumentException("rank must be between 1 and 99");
        }
        check("displayName", Optional.of(displayName));
        check("profession", profession);
        check("speciality", speciality);
        check("description", description);
        check("service", service);
        check("contact", contact);
    }

    private static void check(String name, Optional<String> value) {
        if (value.filter(text -> text.length() > MAX_TEXT).isPresent()) {
            throw new IllegalArgumentException(name + " is longer than " + MAX_TEXT + " characters");
        }
    }
}
