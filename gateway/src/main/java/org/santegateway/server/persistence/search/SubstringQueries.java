package org.santegateway.server.persistence.search;

import java.util.Optional;

import org.apache.lucene.index.Term;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/** "The field contains this string", case-insensitive, on fields analysed by {@link SubstringAnalyzer}. */
public final class SubstringQueries {
    private SubstringQueries() {
    }

    /**
     * An exact match of the normalised string anywhere in one value of the field: the phrase of its trigrams at
     * consecutive positions, or, for one or two characters, any term containing them. Empty when the string is empty
     * once normalised (white space only): the caller decides what an empty string matches.
     */
    public static Optional<Query> contains(String field, String value) {
        int[] codePoints = SubstringAnalyzer.normalize(value);
        if (codePoints.length == 0) {
            return Optional.empty();
        }
        if (codePoints.length < SubstringAnalyzer.GRAM) {
            return Optional.of(new ContainsTermQuery(field, new String(codePoints, 0, codePoints.length)));
        }
        if (codePoints.length == SubstringAnalyzer.GRAM) {
            return Optional.of(new TermQuery(new Term(field, new String(codePoints, 0, SubstringAnalyzer.GRAM))));
        }
        PhraseQuery phrase = new PhraseQuery();
        for (int position = 0; position + SubstringAnalyzer.GRAM <= codePoints.length; position++) {
            phrase.add(new Term(field, new String(codePoints, position, SubstringAnalyzer.GRAM)), position);
        }
        return Optional.of(phrase);
    }
}
