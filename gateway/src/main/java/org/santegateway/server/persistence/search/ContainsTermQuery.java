package org.santegateway.server.persistence.search;

import java.io.IOException;
import java.util.Objects;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.FilteredTermEnum;
import org.apache.lucene.search.MultiTermQuery;

/**
 * Matches the documents with a term of {@code field} that contains {@code needle}: a search string shorter than a
 * trigram is contained in the text exactly when it is contained in one of its trigrams (or in the whole value, for
 * values shorter than a trigram). Scans the terms of the field; unlike a wildcard query, any character is literal.
 */
final class ContainsTermQuery extends MultiTermQuery {
    private final String field;
    private final String needle;

    ContainsTermQuery(String field, String needle) {
        this.field = field.intern();
        this.needle = needle;
    }

    @Override
    protected FilteredTermEnum getEnum(IndexReader reader) throws IOException {
        return new ContainingTerms(reader);
    }

    @Override
    public String toString(String defaultField) {
        return field + ":*" + needle + "*";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ContainsTermQuery that && super.equals(other)
            && field.equals(that.field) && needle.equals(that.needle);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), field, needle);
    }

    private final class ContainingTerms extends FilteredTermEnum {
        private boolean pastField;

        ContainingTerms(IndexReader reader) throws IOException {
            setEnum(reader.terms(new Term(field, "")));
        }

        @Override
        @SuppressWarnings("StringEquality") // Lucene interns field names
        protected boolean termCompare(Term term) {
            if (term.field() != field) {
                pastField = true;
                return false;
            }
            return term.text().contains(needle);
        }

        @Override
        public float difference() {
            return 1.0f;
        }

        @Override
        protected boolean endEnum() {
            return pastField;
        }
    }
}
