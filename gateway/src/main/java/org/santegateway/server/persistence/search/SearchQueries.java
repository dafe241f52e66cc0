package org.santegateway.server.persistence.search;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.UnsupportedSearchException;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.lucene.document.DateTools;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.NumericRangeQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.TopDocs;

/**
 * Translates the criteria of a {@link SearchQuery} into Lucene queries on the documents of {@link MessageDocuments}.
 * As James's Lucene index, except for what IMAP SEARCH (RFC 3501 §6.4.4, RFC 9051 §6.4.4) defines differently from
 * it:
 *
 * <ul>
 *     <li>SUBJECT, FROM, TO, CC, BCC, HEADER, BODY and TEXT match a substring, case-insensitively, anywhere in the
 *     decoded value ({@link SubstringQueries}); an address criterion matches the display name, the address or any
 *     part of them, whether the header reads {@code Name <addr>} or {@code addr (Name)}.</li>
 *     <li>SENTON, SENTBEFORE and SENTSINCE compare the date written in the Date header, in its own zone
 *     ({@link WrittenDates}), not that instant converted to UTC.</li>
 * </ul>
 *
 * <p>One instance per search: flag criteria are answered by a search on the flags documents of the same reader.</p>
 */
public final class SearchQueries {
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Date MAX_DATE;
    private static final Date MIN_DATE;

    static {
        Calendar calendar = Calendar.getInstance();
        calendar.set(9999, Calendar.DECEMBER, 31);
        MAX_DATE = calendar.getTime();
        calendar.set(0, Calendar.JANUARY, 1);
        MIN_DATE = calendar.getTime();
    }

    private final IndexSearcher searcher;
    private final Query inMailboxes;
    private final Collection<MessageUid> recentUids;
    private final int maxResults;

    public SearchQueries(IndexSearcher searcher, Query inMailboxes, Collection<MessageUid> recentUids, int maxResults) {
        this.searcher = searcher;
        this.inMailboxes = inMailboxes;
        this.recentUids = recentUids;
        this.maxResults = maxResults;
    }

    public Query create(SearchQuery.Criterion criterion) throws MailboxException {
        if (criterion instanceof SearchQuery.InternalDateCriterion crit) {
            return dateQuery(IndexFields.INTERNAL_DATE_PREFIX, crit.getOperator());
        }
        if (criterion instanceof SearchQuery.SaveDateCriterion crit) {
            return dateQuery(IndexFields.SAVE_DATE_PREFIX, crit.getOperator());
        }
        if (criterion instanceof SearchQuery.SizeCriterion crit) {
            return numericQuery(IndexFields.SIZE, crit.getOperator());
        }
        if (criterion instanceof SearchQuery.ModSeqCriterion crit) {
            return modSeqQuery(crit.getOperator());
        }
        if (criterion instanceof SearchQuery.MessageIdCriterion crit) {
            return new PrefixQuery(new Term(IndexFields.MESSAGE_ID, crit.getMessageId().serialize()));
        }
        if (criterion instanceof SearchQuery.ThreadIdCriterion crit) {
            return new PrefixQuery(new Term(IndexFields.THREAD_ID, crit.getThreadId().serialize()));
        }
        if (criterion instanceof SearchQuery.HeaderCriterion crit) {
            return headerQuery(crit);
        }
        if (criterion instanceof SearchQuery.SubjectCriterion crit) {
            return headerQuery(crit.asHeaderCriterion());
        }
        if (criterion instanceof SearchQuery.MimeMessageIDCriterion crit) {
            return headerQuery(crit.asHeaderCriterion());
        }
        if (criterion instanceof SearchQuery.TextCriterion crit) {
            return textQuery(crit);
        }
        if (criterion instanceof SearchQuery.UidCriterion crit) {
            return uidQuery(crit.getOperator().getRange());
        }
        if (criterion instanceof SearchQuery.FlagCriterion crit) {
            return flagQuery(FlagTerms.term(crit.getFlag()), crit.getOperator().isSet());
        }
        if (criterion instanceof SearchQuery.CustomFlagCriterion crit) {
            return flagQuery(crit.getFlag(), crit.getOperator().isSet());
        }
        if (criterion instanceof SearchQuery.AttachmentCriterion crit) {
            return new TermQuery(new Term(IndexFields.HAS_ATTACHMENT, Boolean.toString(crit.getOperator().isSet())));
        }
        if (criterion instanceof SearchQuery.AllCriterion) {
            BooleanQuery query = new BooleanQuery();
            query.add(uidRange(MessageRange.all()), Occur.MUST);
            query.add(new PrefixQuery(new Term(IndexFields.FLAGS, "")), Occur.MUST_NOT);
            return query;
        }
        if (criterion instanceof SearchQuery.ConjunctionCriterion crit) {
            return conjunctionQuery(crit);
        }
        throw new UnsupportedSearchException();
    }

    /** The documents of a range of UIDs (a real range: James 3.8.1 reads a range of several UIDs as "all"). */
    public static Query uidRange(MessageRange range) {
        return switch (range.getType()) {
            case ONE, RANGE -> NumericRangeQuery.newLongRange(IndexFields.UID,
                range.getUidFrom().asLong(), range.getUidTo().asLong(), true, true);
            case FROM -> NumericRangeQuery.newLongRange(IndexFields.UID,
                range.getUidFrom().asLong(), MessageUid.MAX_VALUE.asLong(), true, true);
            default -> NumericRangeQuery.newLongRange(IndexFields.UID,
                MessageUid.MIN_VALUE.asLong(), MessageUid.MAX_VALUE.asLong(), true, true);
        };
    }

    private Query conjunctionQuery(SearchQuery.ConjunctionCriterion crit) throws MailboxException {
        BooleanQuery query = new BooleanQuery();
        switch (crit.getType()) {
            case AND -> {
                for (SearchQuery.Criterion criterion : crit.getCriteria()) {
                    query.add(create(criterion), Occur.MUST);
                }
                return query;
            }
            case OR -> {
                for (SearchQuery.Criterion criterion : crit.getCriteria()) {
                    query.add(create(criterion), Occur.SHOULD);
                }
                return query;
            }
            case NOR -> {
                for (SearchQuery.Criterion criterion : crit.getCriteria()) {
                    query.add(create(criterion), Occur.SHOULD);
                }
                BooleanQuery nor = new BooleanQuery();
                nor.add(inMailboxes, Occur.MUST);
                nor.add(query, Occur.MUST_NOT);
                return nor;
            }
            default -> throw new UnsupportedSearchException();
        }
    }

    private Query headerQuery(SearchQuery.HeaderCriterion crit) throws UnsupportedSearchException {
        String name = crit.getHeaderName();
        SearchQuery.HeaderOperator operator = crit.getOperator();
        if (operator instanceof SearchQuery.ContainsOperator contains) {
            return SubstringQueries.contains(IndexFields.header(name), contains.getValue()).orElse(headerExists(name));
        }
        if (operator instanceof SearchQuery.AddressOperator address) {
            return SubstringQueries.contains(IndexFields.header(name), address.getAddress()).orElse(headerExists(name));
        }
        if (operator instanceof SearchQuery.ExistsOperator) {
            return headerExists(name);
        }
        if (operator instanceof SearchQuery.DateOperator date) {
            if (date.getDateResultion() == SearchQuery.DateResolution.Day) {
                return dayAsWrittenQuery(date);
            }
            return dateQuery(IndexFields.SENT_DATE_PREFIX, date);
        }
        throw new UnsupportedSearchException();
    }

    private static Query headerExists(String name) {
        return new TermQuery(new Term(IndexFields.HEADER_NAMES, name.toLowerCase(Locale.US)));
    }

    /**
     * IMAP builds the day of SENT* as midnight UTC of that day (James's {@code DayMonthYear}), with the time of day
     * left over: its UTC calendar date is the day asked for.
     */
    private static Query dayAsWrittenQuery(SearchQuery.DateOperator operator) throws UnsupportedSearchException {
        String day = operator.getDate().toInstant().atZone(ZoneOffset.UTC).toLocalDate().format(DAY);
        return switch (operator.getType()) {
            case ON -> new TermQuery(new Term(IndexFields.SENT_DAY_AS_WRITTEN, day));
            case BEFORE -> new TermRangeQuery(IndexFields.SENT_DAY_AS_WRITTEN, null, day, false, false);
            case AFTER -> new TermRangeQuery(IndexFields.SENT_DAY_AS_WRITTEN, day, null, false, false);
            default -> throw new UnsupportedSearchException();
        };
    }

    private static Query textQuery(SearchQuery.TextCriterion crit) throws UnsupportedSearchException {
        String value = crit.getOperator().getValue();
        return switch (crit.getType()) {
            case BODY -> SubstringQueries.contains(IndexFields.BODY, value).orElseGet(MatchAllDocsQuery::new);
            case FULL -> {
                if (SubstringQueries.contains(IndexFields.BODY, value).isEmpty()) {
                    yield new MatchAllDocsQuery();
                }
                BooleanQuery query = new BooleanQuery();
                query.add(SubstringQueries.contains(IndexFields.BODY, value).orElseThrow(), Occur.SHOULD);
                query.add(SubstringQueries.contains(IndexFields.HEADERS, value).orElseThrow(), Occur.SHOULD);
                yield query;
            }
            default -> throw new UnsupportedSearchException();
        };
    }

    private static Query numericQuery(String field, SearchQuery.NumericOperator operator) throws UnsupportedSearchException {
        long value = operator.getValue();
        return switch (operator.getType()) {
            case EQUALS -> NumericRangeQuery.newLongRange(field, value, value, true, true);
            case GREATER_THAN -> NumericRangeQuery.newLongRange(field, value, Long.MAX_VALUE, false, true);
            case LESS_THAN -> NumericRangeQuery.newLongRange(field, Long.MIN_VALUE, value, true, false);
            default -> throw new UnsupportedSearchException();
        };
    }

    private static Query dateQuery(String prefix, SearchQuery.DateOperator operator) throws UnsupportedSearchException {
        DateTools.Resolution resolution = resolution(operator.getDateResultion());
        String field = prefix + resolutionSuffix(operator.getDateResultion());
        String value = DateTools.dateToString(operator.getDate(), resolution);
        return switch (operator.getType()) {
            case ON -> new TermQuery(new Term(field, value));
            case BEFORE -> new TermRangeQuery(field, DateTools.dateToString(MIN_DATE, resolution), value, true, false);
            case AFTER -> new TermRangeQuery(field, value, DateTools.dateToString(MAX_DATE, resolution), false, true);
            default -> throw new UnsupportedSearchException();
        };
    }

    private static DateTools.Resolution resolution(SearchQuery.DateResolution resolution) {
        return switch (resolution) {
            case Year -> DateTools.Resolution.YEAR;
            case Month -> DateTools.Resolution.MONTH;
            case Day -> DateTools.Resolution.DAY;
            case Hour -> DateTools.Resolution.HOUR;
            case Minute -> DateTools.Resolution.MINUTE;
            case Second -> DateTools.Resolution.SECOND;
            default -> DateTools.Resolution.MILLISECOND;
        };
    }

    private static String resolutionSuffix(SearchQuery.DateResolution resolution) {
        return switch (resolution) {
            case Year -> "YearResolution";
            case Month -> "MonthResolution";
            case Day -> "DayResolution";
            case Hour -> "HourResolution";
            case Minute -> "MinuteResolution";
            case Second -> "SecondResolution";
            default -> "MillisecondResolution";
        };
    }

    private static Query uidQuery(SearchQuery.UidRange[] ranges) {
        if (ranges.length == 1) {
            return NumericRangeQuery.newLongRange(IndexFields.UID,
                ranges[0].getLowValue().asLong(), ranges[0].getHighValue().asLong(), true, true);
        }
        BooleanQuery query = new BooleanQuery();
        for (SearchQuery.UidRange range : ranges) {
            query.add(NumericRangeQuery.newLongRange(IndexFields.UID,
                range.getLowValue().asLong(), range.getHighValue().asLong(), true, true), Occur.SHOULD);
        }
        return query;
    }

    /**
     * The mod-sequence is in the flags document, which changes with it: the UIDs whose flags document matches, then a
     * query on those UIDs. A flags document written before it held the mod-sequence (an index made by an earlier
     * version, until the message's flags change or the mailbox is re-indexed) matches too: a client then fetches the
     * flags of a message that did not change, rather than missing one that did.
     */
    private Query modSeqQuery(SearchQuery.NumericOperator operator) throws MailboxException {
        BooleanQuery withoutModSeq = new BooleanQuery();
        withoutModSeq.add(new PrefixQuery(new Term(IndexFields.FLAGS, "")), Occur.MUST);
        withoutModSeq.add(NumericRangeQuery.newLongRange(IndexFields.MODSEQ, null, null, true, true), Occur.MUST_NOT);
        BooleanQuery matching = new BooleanQuery();
        matching.add(numericQuery(IndexFields.MODSEQ, operator), Occur.SHOULD);
        matching.add(withoutModSeq, Occur.SHOULD);
        return flagsDocumentsQuery(matching, null);
    }

    /** As James: the UIDs whose flags document matches, then a query on those UIDs. */
    private Query flagQuery(String flag, boolean isSet) throws MailboxException {
        if (isSet) {
            return flagsDocumentsQuery(new TermQuery(new Term(IndexFields.FLAGS, flag)), flag.equalsIgnoreCase("\\RECENT") ? true : null);
        }
        BooleanQuery notSet = new BooleanQuery();
        notSet.add(new PrefixQuery(new Term(IndexFields.FLAGS, "")), Occur.MUST);
        notSet.add(new TermQuery(new Term(IndexFields.FLAGS, flag)), Occur.MUST_NOT);
        return flagsDocumentsQuery(notSet, flag.equalsIgnoreCase("\\RECENT") ? false : null);
    }

    /**
     * The messages whose flags document matches {@code flagsDocuments}; {@code recent} true adds the session's recent
     * messages, false removes them, null leaves the UIDs as found.
     */
    private Query flagsDocumentsQuery(Query flagsDocuments, Boolean recent) throws MailboxException {
        BooleanQuery query = new BooleanQuery();
        query.add(flagsDocuments, Occur.MUST);
        query.add(inMailboxes, Occur.MUST);
        Set<MessageUid> uids = new HashSet<>();
        try {
            TopDocs docs = searcher.search(query, Math.max(1, Math.min(maxResults, searcher.maxDoc())));
            IndexedIds ids = new IndexedIds(searcher.getIndexReader());
            for (ScoreDoc scoreDoc : docs.scoreDocs) {
                uids.add(MessageUid.of(ids.uid(scoreDoc.doc)));
            }
        } catch (IOException e) {
            throw new MailboxException("Unable to search the flags of the mailbox", e);
        }
        if (Boolean.TRUE.equals(recent)) {
            uids.addAll(recentUids);
        } else if (Boolean.FALSE.equals(recent)) {
            uids.removeAll(recentUids);
        }
        List<MessageRange> ranges = MessageRange.toRanges(new ArrayList<>(uids));
        if (ranges.isEmpty()) {
            // No UID: a query matching no message (James builds an empty BooleanQuery, which matches nothing).
            return new BooleanQuery();
        }
        SearchQuery.UidRange[] uidRanges = new SearchQuery.UidRange[ranges.size()];
        for (int i = 0; i < ranges.size(); i++) {
            uidRanges[i] = new SearchQuery.UidRange(ranges.get(i).getUidFrom(), ranges.get(i).getUidTo());
        }
        return uidQuery(uidRanges);
    }
}
