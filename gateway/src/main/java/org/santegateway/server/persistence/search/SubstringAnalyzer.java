package org.santegateway.server.persistence.search;

import java.io.IOException;
import java.io.Reader;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Cuts text into overlapping trigrams, one per position, so that "the text contains this string" becomes a phrase
 * query on the trigrams of the string ({@link SubstringQueries}): an exact substring match answered by the index
 * alone, whatever the words.
 *
 * <p>Text is normalised first ({@link #normalize}): case folded, runs of white space turned into one space, leading
 * and trailing white space removed. A value shorter than three characters is one term. The values of a field (the
 * lines of the headers, the text parts) are separated by one empty position, so that no match spans two values.</p>
 */
public final class SubstringAnalyzer extends Analyzer {
    static final int GRAM = 3;

    @Override
    public TokenStream tokenStream(String fieldName, Reader reader) {
        return new TrigramTokenizer(reader);
    }

    @Override
    public TokenStream reusableTokenStream(String fieldName, Reader reader) throws IOException {
        TrigramTokenizer tokenizer = (TrigramTokenizer) getPreviousTokenStream();
        if (tokenizer == null) {
            tokenizer = new TrigramTokenizer(reader);
            setPreviousTokenStream(tokenizer);
        } else {
            tokenizer.reset(reader);
        }
        return tokenizer;
    }

    @Override
    public int getPositionIncrementGap(String fieldName) {
        return 1;
    }

    /**
     * The code points of {@code text}, case folded (per code point, so that lengths never change), with runs of
     * white space as one space and no leading or trailing white space.
     */
    public static int[] normalize(CharSequence text) {
        int[] out = new int[text.length()];
        int length = 0;
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); ) {
            int codePoint = Character.codePointAt(text, i);
            i += Character.charCount(codePoint);
            if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
                pendingSpace = length > 0;
                continue;
            }
            if (pendingSpace) {
                out[length++] = ' ';
                pendingSpace = false;
            }
            out[length++] = Character.toLowerCase(Character.toUpperCase(codePoint));
        }
        int[] normalized = new int[length];
        System.arraycopy(out, 0, normalized, 0, length);
        return normalized;
    }

    private static final class TrigramTokenizer extends Tokenizer {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final PositionIncrementAttribute positionIncrement = addAttribute(PositionIncrementAttribute.class);
        private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
        private int[] codePoints;
        private int next;

        TrigramTokenizer(Reader input) {
            super(input);
        }

        @Override
        public boolean incrementToken() throws IOException {
            if (codePoints == null) {
                codePoints = normalize(readAll());
                next = 0;
            }
            int tokens = codePoints.length < GRAM ? Math.min(codePoints.length, 1) : codePoints.length - GRAM + 1;
            if (next >= tokens) {
                return false;
            }
            clearAttributes();
            int length = Math.min(GRAM, codePoints.length);
            term.setEmpty();
            for (int i = next; i < next + length; i++) {
                int codePoint = codePoints[i];
                if (Character.isBmpCodePoint(codePoint)) {
                    term.append((char) codePoint);
                } else {
                    term.append(Character.highSurrogate(codePoint)).append(Character.lowSurrogate(codePoint));
                }
            }
            positionIncrement.setPositionIncrement(1);
            offset.setOffset(correctOffset(next), correctOffset(next + length));
            next++;
            return true;
        }

        private String readAll() throws IOException {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[8192];
            for (int read = input.read(buffer); read != -1; read = input.read(buffer)) {
                text.append(buffer, 0, read);
            }
            return text.toString();
        }

        @Override
        public void reset(Reader input) throws IOException {
            super.reset(input);
            codePoints = null;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            codePoints = null;
        }
    }
}
