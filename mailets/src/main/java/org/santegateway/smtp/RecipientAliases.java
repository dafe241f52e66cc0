package org.santegateway.smtp;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.Mappings;

/**
 * The mailboxes a recipient address stands for, as the pipeline's RecipientRewriteTable step
 * will resolve it (aliases, groups, domain aliases), so that the SMTP session judges the same
 * recipients as the pipeline does. An address without mapping, or whose mapping cannot be read,
 * stands for itself.
 */
public class RecipientAliases {
    private final RecipientRewriteTable recipientRewriteTable;

    @Inject
    public RecipientAliases(RecipientRewriteTable recipientRewriteTable) {
        this.recipientRewriteTable = recipientRewriteTable;
    }

    public List<MailAddress> resolve(MailAddress recipient) {
        try {
            Mappings mappings = recipientRewriteTable.getResolvedMappings(recipient.getLocalPart(), recipient.getDomain());
            List<MailAddress> resolved = new ArrayList<>();
            for (Mapping mapping : mappings) {
                mapping.asMailAddress().ifPresent(resolved::add);
            }
            return resolved.isEmpty() ? List.of(recipient) : resolved;
        } catch (RecipientRewriteTable.ErrorMappingException | RecipientRewriteTableException | RuntimeException e) {
            return List.of(recipient);
        }
    }
}
