package org.santegateway.server.logging;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.santegateway.server.pseudonyms.HmacPseudonyms;

/**
 * Replaces what would identify a person in a log line by a keyed pseudonym: e-mail addresses
 * (a patient's address carries their INS) become {@code <addr:1a2b3c4d>}, anything shaped like a
 * matricule INS {@code <ins:...>}. The same value gives the same pseudonym with the same key, so
 * lines about one person can still be correlated; the pseudonym is the start of the audit trail's
 * ({@link HmacPseudonyms}), so a log line and an audit record about one person match.
 * The key is the gateway's audit key when it can be read, a random one for the process otherwise.
 *
 * <p>Addresses are found by their {@code @}, not by their syntax: what a client typed in
 * {@code MAIL FROM} or {@code RCPT TO} reaches the log before anyone checked it (James logs the
 * addresses it cannot parse, in its message and in its exception's). So, in this order: text
 * between {@code <>}, between quotes (James's and JavaMail's exception messages), in the contexts
 * of James's refusals ({@code address: ...: did not start and end with < >},
 * {@code [to:...]}, {@code [from:...]}), a quoted local part with its domain, then any run
 * of characters without spaces or delimiters around an {@code @}; the whole of it is replaced.
 * A text that happens to contain an {@code @} may lose more than the address: that is the safe
 * side.
 */
public final class LogMasking {
    private static final int MAX = 320;
    /** What ends an address written without quotes or brackets around it. */
    private static final String DELIMITERS = "\\s<>()\\[\\],;:\"'`";
    private static final String WORD = "[^" + DELIMITERS + "]";
    private static final String ENCLOSED = "[^\\r\\n%1$s]{0," + MAX + "}@[^\\r\\n%1$s]{0," + MAX + "}";
    /** Each with one group: the text replaced by its pseudonym. */
    private static final List<Pattern> ADDRESSES = List.of(
        // JavaMail's AddressException: ... in string ``a b@@x'' at position 3
        Pattern.compile("``(" + String.format(ENCLOSED, "`'") + ")''"),
        Pattern.compile("<(" + String.format(ENCLOSED, "<>") + ")>"),
        Pattern.compile("'(" + String.format(ENCLOSED, "'") + ")'"),
        // James's MailCmdHandler: Error parsing sender address: a b@@x: did not start and end with < >
        Pattern.compile("address: ([^\\r\\n]{0," + MAX + "}@[^\\r\\n]{0," + MAX + "}): did not start and end with < >"),
        // James's RcptCmdHandler: Error parsing recipient address [to:a b@@x] [from:...]
        Pattern.compile("\\[(?:to|from):([^\\r\\n\\[\\]]{0," + MAX + "})\\]"),
        Pattern.compile("(\"[^\"\\r\\n]{0," + MAX + "}\"@" + domain() + ")"),
        Pattern.compile("(" + WORD + "*@" + domain() + ")"));
    private static final Pattern INS = Pattern.compile("(?<![A-Za-z0-9])([1-478]\\d{4}(?:\\d{2}|2[AaBb])\\d{8})(?![A-Za-z0-9])");
    private static final int PSEUDONYM_LENGTH = 8;

    private final HmacPseudonyms pseudonyms;

    /** After the {@code @}: anything an address may hold, the full stop that ends a sentence excepted. */
    private static String domain() {
        return "(?:" + WORD + "*[^" + DELIMITERS + ".])?";
    }

    public LogMasking(byte[] key) {
        this.pseudonyms = new HmacPseudonyms(key);
    }

    public static LogMasking fromKeyFile(String keyFile) {
        byte[] key = null;
        if (keyFile != null && !keyFile.isBlank()) {
            try {
                key = HexFormat.of().parseHex(Files.readString(Path.of(keyFile), StandardCharsets.US_ASCII).strip());
            } catch (java.io.IOException | IllegalArgumentException e) {
                key = null;
            }
        }
        if (key == null) {
            key = new byte[32];
            new SecureRandom().nextBytes(key);
        }
        return new LogMasking(key);
    }

    public String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = text;
        for (Pattern address : ADDRESSES) {
            if (masked.indexOf('@') < 0) {
                break;
            }
            masked = replace(address.matcher(masked), "addr");
        }
        return replace(INS.matcher(masked), "ins");
    }

    private String replace(Matcher matcher, String kind) {
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String match = matcher.group();
            String pseudonym = "<" + kind + ":" + pseudonyms.of(matcher.group(1)).substring(0, PSEUDONYM_LENGTH) + ">";
            matcher.appendReplacement(result, Matcher.quoteReplacement(
                match.substring(0, matcher.start(1) - matcher.start()) + pseudonym + match.substring(matcher.end(1) - matcher.start())));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
