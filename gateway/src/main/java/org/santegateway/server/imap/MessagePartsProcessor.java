package org.santegateway.server.imap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.message.BodyFetchElement;
import org.apache.james.imap.api.message.FetchData;
import org.apache.james.imap.api.message.SectionType;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.imap.processor.fetch.EnvelopeBuilder;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.Header;
import org.apache.james.mailbox.model.Headers;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;

import reactor.core.publisher.Mono;

/**
 * Corrects two parts of James's FETCH responses, reading the stored message again only when a response needs it.
 *
 * <ul>
 *   <li>Body sections through an encapsulated message ({@code BODY[1]}, {@code BODY[1.HEADER]}, {@code BODY[1.TEXT]},
 *   {@code BODY[1.MIME]} of a message/rfc822 part, RFC 3501 §6.4.5), computed by {@link MessageSections}, and every
 *   {@code n.MIME} section, which James fails on a message that is not multipart.</li>
 *   <li>ENVELOPE addresses written {@code user@domain (Real Name)}: the comment is the personal name (RFC 3501
 *   §7.4.2), where James gave NIL ({@link CommentNames}).</li>
 * </ul>
 */
public class MessagePartsProcessor extends DecoratingImapProcessor {
    private static final int MAX_HEADER_WINDOW = 256;
    private static final List<String> ADDRESS_HEADERS = List.of("from", "sender", "reply-to", "to", "cc", "bcc");

    private final EnvelopeBuilder envelopes = new EnvelopeBuilder();

    public MessagePartsProcessor(ImapProcessor delegate) {
        super(delegate);
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (message instanceof FetchRequest fetch && concerns(fetch.getFetch())) {
            return Mono.from(delegate.processReactive(withMimeSectionsAnsweredHere(fetch), new PartsResponder(responder, session, fetch.getFetch()), session));
        }
        return Mono.from(delegate.processReactive(message, responder, session));
    }

    private static boolean concerns(FetchData fetch) {
        return fetch.contains(FetchData.Item.ENVELOPE) || fetch.getBodyElements().stream().anyMatch(MessagePartsProcessor::hasPath);
    }

    private static boolean hasPath(BodyFetchElement element) {
        return element.getPath() != null && element.getPath().length > 0;
    }

    private static boolean isMimeSection(BodyFetchElement element) {
        return element.getSectionType() == SectionType.MIME && hasPath(element);
    }

    /**
     * The request James is given: each {@code n.MIME} section replaced by the message header (stored apart, cheap to
     * read), whose answer {@link PartsResponder} replaces by the part's MIME header. James 3.8.1 fails the whole FETCH
     * ({@code NO ... Search failed}, an ERROR in the log) on {@code BODY[1.MIME]} of a message that is not multipart,
     * where RFC 3501 §6.4.5 makes part 1 the message body and Dovecot answers the message header.
     */
    private static FetchRequest withMimeSectionsAnsweredHere(FetchRequest request) {
        FetchData fetch = request.getFetch();
        if (fetch.getBodyElements().stream().noneMatch(MessagePartsProcessor::isMimeSection)) {
            return request;
        }
        FetchData.Builder asked = FetchData.builder().vanished(fetch.getVanished());
        Arrays.stream(FetchData.Item.values()).filter(fetch::contains).forEach(asked::fetch);
        if (fetch.getChangedSince() != -1) {
            asked.changedSince(fetch.getChangedSince());
        }
        for (BodyFetchElement element : fetch.getBodyElements()) {
            asked.add(isMimeSection(element)
                ? new BodyFetchElement(element.getResponseName(), SectionType.HEADER, null, null, null, null)
                : element, !fetch.isSetSeen());
        }
        return new FetchRequest(request.isUseUids(), request.getIdSet(), asked.build(), request.getTag());
    }

    private final class PartsResponder implements Responder {
        private final Responder delegate;
        private final ImapSession session;
        private final FetchData fetch;
        private final List<BodyFetchElement> requested;
        private final Map<MessageUid, MessageResult> headerWindow = new HashMap<>();
        private int headerWindowSize = 1;

        PartsResponder(Responder delegate, ImapSession session, FetchData fetch) {
            this.delegate = delegate;
            this.session = session;
            this.fetch = fetch;
            this.requested = List.copyOf(fetch.getBodyElements());
        }

        @Override
        public void respond(ImapResponseMessage message) {
            if (message instanceof FetchResponse response && session.getSelected() != null) {
                delegate.respond(corrected(response, session.getSelected()));
            } else {
                delegate.respond(message);
            }
        }

        private FetchResponse corrected(FetchResponse response, SelectedMailbox selected) {
            // The response's own UID when it has one: another session's expunge may renumber the mailbox meanwhile.
            Optional<MessageUid> uid = response.getUid() != null
                ? Optional.of(response.getUid())
                : selected.uid(response.getMessageNumber().asInt());
            if (uid.isEmpty()) {
                return withEmptyMimeSections(response);
            }
            try {
                List<FetchResponse.BodyElement> elements = sections(response, selected, uid.get());
                FetchResponse.Envelope envelope = envelope(response, selected, uid.get());
                if (elements == response.getElements() && envelope == response.getEnvelope()) {
                    return response;
                }
                return new FetchResponse(response.getMessageNumber(), response.getFlags(), response.getUid(), response.getSaveDate(),
                    response.getModSeq(), response.getInternalDate(), response.getSize(), envelope, response.getBody(),
                    response.getBodyStructure(), elements, response.getEmailId(), response.getThreadId());
            } catch (MailboxException | IOException e) {
                // James's own answer is sent rather than none, an empty one for the MIME sections it was not asked.
                return withEmptyMimeSections(response);
            }
        }

        private FetchResponse withEmptyMimeSections(FetchResponse response) {
            List<FetchResponse.BodyElement> elements = response.getElements();
            if (elements == null || elements.size() != requested.size() || requested.stream().noneMatch(MessagePartsProcessor::isMimeSection)) {
                return response;
            }
            List<FetchResponse.BodyElement> emptied = new ArrayList<>(elements);
            for (int i = 0; i < requested.size(); i++) {
                if (isMimeSection(requested.get(i))) {
                    emptied.set(i, bodyElement(requested.get(i), new byte[0]));
                }
            }
            return new FetchResponse(response.getMessageNumber(), response.getFlags(), response.getUid(), response.getSaveDate(),
                response.getModSeq(), response.getInternalDate(), response.getSize(), response.getEnvelope(), response.getBody(),
                response.getBodyStructure(), emptied, response.getEmailId(), response.getThreadId());
        }

        private List<FetchResponse.BodyElement> sections(FetchResponse response, SelectedMailbox selected, MessageUid uid)
                throws MailboxException, IOException {
            List<FetchResponse.BodyElement> elements = response.getElements();
            if (elements == null || elements.size() != requested.size() || requested.stream().noneMatch(MessagePartsProcessor::hasPath)) {
                return elements;
            }
            byte[] content;
            try (InputStream stream = load(selected, uid, FetchGroup.FULL_CONTENT).getFullContent().getInputStream()) {
                content = stream.readAllBytes();
            }
            List<FetchResponse.BodyElement> corrected = new ArrayList<>(elements);
            boolean changed = false;
            for (int i = 0; i < requested.size(); i++) {
                BodyFetchElement element = requested.get(i);
                Optional<byte[]> section = MessageSections.section(content, element.getPath(), element.getSectionType(), element.getFieldNames());
                if (section.isPresent()) {
                    corrected.set(i, bodyElement(element, section.get()));
                    changed = true;
                }
            }
            return changed ? corrected : elements;
        }

        private FetchResponse.Envelope envelope(FetchResponse response, SelectedMailbox selected, MessageUid uid) throws MailboxException {
            FetchResponse.Envelope envelope = response.getEnvelope();
            if (envelope == null || !fetch.contains(FetchData.Item.ENVELOPE) || !hasUnnamedAddress(envelope)) {
                return envelope;
            }
            List<Header> headers = new ArrayList<>();
            boolean rewritten = false;
            for (Iterator<Header> it = headersOf(selected, uid).getHeaders().headers(); it.hasNext(); ) {
                Header header = it.next();
                if (ADDRESS_HEADERS.contains(header.getName().toLowerCase(java.util.Locale.ROOT)) && CommentNames.mayHaveCommentName(header.getValue())) {
                    headers.add(new Header(header.getName(), CommentNames.rewrite(header.getValue())));
                    rewritten = true;
                } else {
                    headers.add(header);
                }
            }
            return rewritten ? envelopes.buildEnvelope(new HeaderList(headers)) : envelope;
        }

        /**
         * The headers of a message whose envelope may need a correction. A FETCH of many envelopes reads them by
         * windows of UIDs that double from one message up to {@link #MAX_HEADER_WINDOW}: a one-message FETCH reads
         * one, {@code FETCH 1:* ENVELOPE} one query per window rather than one per message.
         */
        private MessageResult headersOf(SelectedMailbox selected, MessageUid uid) throws MailboxException {
            MessageResult cached = headerWindow.get(uid);
            if (cached != null) {
                return cached;
            }
            headerWindow.clear();
            MessageRange window = MessageRange.range(uid, MessageUid.of(uid.asLong() + headerWindowSize - 1));
            headerWindowSize = Math.min(MAX_HEADER_WINDOW, headerWindowSize * 2);
            MessageResultIterator results = selected.getMessageManager().getMessages(window, FetchGroup.HEADERS, session.getMailboxSession());
            while (results.hasNext()) {
                MessageResult result = results.next();
                headerWindow.put(result.getUid(), result);
            }
            MessageResult found = headerWindow.get(uid);
            if (found == null) {
                throw new MailboxException("message " + uid.asLong() + " is gone");
            }
            return found;
        }

        private MessageResult load(SelectedMailbox selected, MessageUid uid, FetchGroup group) throws MailboxException {
            MessageResultIterator results = selected.getMessageManager().getMessages(MessageRange.one(uid), group, session.getMailboxSession());
            if (!results.hasNext()) {
                throw new MailboxException("message " + uid.asLong() + " is gone");
            }
            return results.next();
        }

        @Override
        public void flush() {
            delegate.flush();
        }
    }

    /** The section, or its {@code <first.count>} slice named {@code BODY[...]<first>} (RFC 3501 §7.4.2). */
    private static FetchResponse.BodyElement bodyElement(BodyFetchElement element, byte[] section) {
        if (element.getFirstOctet() == null) {
            return new BytesBodyElement(element.getResponseName(), section);
        }
        int first = (int) Math.min(element.getFirstOctet(), section.length);
        long count = element.getNumberOfOctets() == null ? section.length : element.getNumberOfOctets();
        int end = (int) Math.min(section.length, first + count);
        return new BytesBodyElement(element.getResponseName() + "<" + element.getFirstOctet() + ">", Arrays.copyOfRange(section, first, end));
    }

    private static boolean hasUnnamedAddress(FetchResponse.Envelope envelope) {
        return Stream.of(envelope.getFrom(), envelope.getSender(), envelope.getReplyTo(), envelope.getTo(), envelope.getCc(), envelope.getBcc())
            .filter(addresses -> addresses != null)
            .flatMap(Arrays::stream)
            .anyMatch(address -> address.getPersonalName() == null && address.getHostName() != null);
    }

    private record BytesBodyElement(String name, byte[] content) implements FetchResponse.BodyElement {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public long size() {
            return content.length;
        }

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(content);
        }
    }

    private record HeaderList(List<Header> list) implements Headers {
        @Override
        public Iterator<Header> headers() {
            return list.iterator();
        }

        @Override
        public InputStream getInputStream() {
            throw new UncheckedIOException(new IOException("only the header fields are kept"));
        }

        @Override
        public long size() {
            return 0;
        }
    }
}
