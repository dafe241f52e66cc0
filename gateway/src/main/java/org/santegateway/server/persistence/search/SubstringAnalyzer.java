package org.santegateway.server.persistence.search;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

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
    private static final boolean[] ASCII_SPACES = asciiSpaces();

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
        int size = text.length();
        int[] out = new int[size];
        int length = 0;
        boolean pendingSpace = false;
        for (int i = 0; i < size; ) {
            char c = text.charAt(i);
            int codePoint;
            if (c < ASCII_SPACES.length) {
                // ASCII, most of the text: the same answers as the general case below, without its lookups.
                i++;
                if (ASCII_SPACES[c]) {
                    pendingSpace = length > 0;
                    continue;
                }
                codePoint = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
            } else {
                codePoint = Character.codePointAt(text, i);
                i += Character.charCount(codePoint);
                if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
                    pendingSpace = length > 0;
                    continue;
                }
                codePoint = Character.toLowerCase(Character.toUpperCase(codePoint));
            }
            if (pendingSpace) {
                out[length++] = ' ';
                pendingSpace = false;
            }
            out[length++] = codePoint;
        }
        return length == size ? out : Arrays.copyOf(out, length);
    }

    /** The ASCII characters {@link Character#isWhitespace} or {@link Character#isSpaceChar} accept. */
    private static boolean[] asciiSpaces() {
        boolean[] spaces = new boolean[128];
        for (char c = 0; c < spaces.length; c++) {
            spaces[c] = Character.isWhitespace(c) || Character.isSpaceChar(c);
        }
        return spaces;
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
            // Every attribute of this stream is set below: no clearAttributes() (a few per cent of indexing time).
            int length = Math.min(GRAM, codePoints.length);
            char[] chars = term.resizeBuffer(2 * length);
            int used = 0;
            for (int i = next; i < next + length; i++) {
                used += Character.toChars(codePoints[i], chars, used);
            }
            term.setLength(used);
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
