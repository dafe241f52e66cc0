package org.santegateway.server.persistence.search;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.mailbox.model.SearchQuery;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;

/** The Lucene sort of a {@link SearchQuery}'s sort clauses, as James's Lucene index sorts (UID last). */
public final class SearchSorts {
    private SearchSorts() {
    }

    public static Sort of(List<SearchQuery.Sort> sorts) {
        List<SortField> fields = new ArrayList<>();
        for (SearchQuery.Sort sort : sorts) {
            boolean reverse = sort.isReverse();
            SortField field = field(sort.getSortClause(), reverse);
            if (field == null) {
                continue;
            }
            fields.add(field);
            if (sort.getSortClause() == SearchQuery.Sort.SortClause.SentDate) {
                fields.add(new SortField(IndexFields.UID, SortField.LONG, reverse));
            }
        }
        fields.add(new SortField(IndexFields.UID, SortField.LONG));
        return new Sort(fields.toArray(SortField[]::new));
    }

    private static SortField field(SearchQuery.Sort.SortClause clause, boolean reverse) {
        return switch (clause) {
            case Arrival -> new SortField(IndexFields.INTERNAL_DATE_PREFIX + "MillisecondResolution", SortField.LONG, reverse);
            case SentDate -> new SortField(IndexFields.SENT_DATE_SORT, SortField.LONG, reverse);
            case MailboxCc -> new SortField(IndexFields.FIRST_CC_MAILBOX_NAME, SortField.STRING, reverse);
            case MailboxFrom -> new SortField(IndexFields.FIRST_FROM_MAILBOX_NAME, SortField.STRING, reverse);
            case MailboxTo -> new SortField(IndexFields.FIRST_TO_MAILBOX_NAME, SortField.STRING, reverse);
            case Size -> new SortField(IndexFields.SIZE, SortField.LONG, reverse);
            case BaseSubject -> new SortField(IndexFields.BASE_SUBJECT, SortField.STRING, reverse);
            case Uid -> new SortField(IndexFields.UID, SortField.LONG, reverse);
            default -> null;
        };
    }
}
