package org.santegateway.conversation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.santegateway.audit.Hashes;

/**
 * What the conversation rules read from a message's header: its Message-ID, the messages it
 * replies to (In-Reply-To, then References from the most recent) and whether a professional closes
 * the conversation with it ({@code X-MSS-MES: FIN} or the exact subject {@code [FIN]}). Message-IDs
 * are kept only as SHA-256 hashes ({@link #hash(String)}): the store and the audit trail never see
 * them in clear.
 *
 * @param messageHash    hash of the message's own Message-ID, if it has one
 * @param referenceHashes hashes of the messages it replies to, most relevant first, without duplicates
 * @param closing        whether it carries a closing marker
 */
public record MessageThreading(Optional<String> messageHash, List<String> referenceHashes, boolean closing) {
    public static final String CLOSING_HEADER = "X-MSS-MES";
    public static final String CLOSING_HEADER_VALUE = "FIN";
    public static final String CLOSING_SUBJECT = "[FIN]";
    /** Headers longer than this are not read for references (a legitimate thread never gets near it). */
    static final int MAX_REFERENCES = 200;

    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

    public MessageThreading {
        referenceHashes = List.copyOf(referenceHashes);
    }

    public static MessageThreading from(MimeMessage message) throws MessagingException {
        Optional<String> messageHash = firstId(message.getHeader("Message-ID", null)).map(MessageThreading::hash);
        LinkedHashSet<String> references = new LinkedHashSet<>();
        ids(message.getHeader("In-Reply-To", " ")).forEach(id -> references.add(hash(id)));
        List<String> referenced = ids(message.getHeader("References", " "));
        Collections.reverse(referenced);
        referenced.forEach(id -> references.add(hash(id)));
        messageHash.ifPresent(references::remove);
        return new MessageThreading(messageHash, new ArrayList<>(references), isClosing(message));
    }

    /** The hash under which a Message-ID (with its angle brackets) is stored. */
    public static String hash(String messageId) {
        return Hashes.sha256(messageId.trim());
    }

    static boolean isClosing(MimeMessage message) throws MessagingException {
        String[] marker = message.getHeader(CLOSING_HEADER);
        if (marker != null) {
            for (String value : marker) {
                if (value.trim().toUpperCase(Locale.ROOT).equals(CLOSING_HEADER_VALUE)) {
                    return true;
                }
            }
        }
        String subject = message.getSubject();
        return subject != null && subject.trim().equals(CLOSING_SUBJECT);
    }

    private static Optional<String> firstId(String header) {
        List<String> ids = ids(header);
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(0));
    }

    static List<String> ids(String header) {
        List<String> ids = new ArrayList<>();
        if (header == null) {
            return ids;
        }
        Matcher matcher = MESSAGE_ID.matcher(header);
        while (matcher.find() && ids.size() < MAX_REFERENCES) {
            ids.add(matcher.group());
        }
        return ids;
    }
}
