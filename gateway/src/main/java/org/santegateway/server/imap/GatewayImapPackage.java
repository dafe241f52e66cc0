package org.santegateway.server.imap;

import java.util.Collection;
import java.util.Map;

import org.apache.james.imap.decode.parser.ListCommandParser;
import org.apache.james.imap.decode.parser.SearchCommandParser;
import org.apache.james.imap.processor.CopyProcessor;
import org.apache.james.imap.processor.CreateProcessor;
import org.apache.james.imap.processor.DeleteProcessor;
import org.apache.james.imap.processor.ExamineProcessor;
import org.apache.james.imap.processor.ExpungeProcessor;
import org.apache.james.imap.processor.ListProcessor;
import org.apache.james.imap.processor.MoveProcessor;
import org.apache.james.imap.processor.RenameProcessor;
import org.apache.james.imap.processor.SelectProcessor;
import org.apache.james.imap.processor.StoreProcessor;
import org.apache.james.imap.processor.XListProcessor;
import org.apache.james.imap.processor.fetch.FetchProcessor;
import org.apache.james.modules.protocols.ImapPackage;
import org.apache.james.utils.ClassName;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

/**
 * James's IMAP commands, with LIST parsed by {@link GatewayListCommandParser} (several patterns, RFC 5258) and
 * answered by {@link GatewayListProcessor} (special-use attributes, RFC 6154), and FETCH, STORE, COPY, MOVE and
 * EXPUNGE taking a UID set in an empty mailbox as naming no message ({@link EmptyMailboxUidSets}, RFC 3501 §6.4.8),
 * XLIST with the mailbox types ({@link XListWithTypes}), and DELETE refusing the INBOX
 * ({@link InboxKeepingDeleteProcessor}, RFC 3501 §6.3.4), CREATE and RENAME to an invalid name ({@link MailboxNameChecks}),
 * SEARCH strings read as UTF-8 without CHARSET ({@link Utf8SearchCommandParser}), and SELECT, EXAMINE and FETCH
 * resynchronising as QRESYNC asks ({@link Qresync}: the expunges since the client's mod-sequence, the flag changes).
 * Every other parser, processor and encoder is James's own; {@link CodedStatusResponseEncoder} is added.
 */
public final class GatewayImapPackage implements ImapPackage {
    private static final Map<String, String> REPLACED = ImmutableMap.<String, String>builder()
        .put(ListCommandParser.class.getCanonicalName(), GatewayListCommandParser.class.getCanonicalName())
        .put(ListProcessor.class.getCanonicalName(), GatewayListProcessor.class.getCanonicalName())
        .put(FetchProcessor.class.getCanonicalName(), Qresync.Fetch.class.getName())
        .put(SelectProcessor.class.getCanonicalName(), Qresync.Select.class.getName())
        .put(ExamineProcessor.class.getCanonicalName(), Qresync.Examine.class.getName())
        .put(StoreProcessor.class.getCanonicalName(), EmptyMailboxUidSets.Store.class.getName())
        .put(CopyProcessor.class.getCanonicalName(), EmptyMailboxUidSets.Copy.class.getName())
        .put(MoveProcessor.class.getCanonicalName(), EmptyMailboxUidSets.Move.class.getName())
        .put(ExpungeProcessor.class.getCanonicalName(), EmptyMailboxUidSets.Expunge.class.getName())
        .put(XListProcessor.class.getCanonicalName(), XListWithTypes.class.getCanonicalName())
        .put(DeleteProcessor.class.getCanonicalName(), InboxKeepingDeleteProcessor.class.getCanonicalName())
        .put(CreateProcessor.class.getCanonicalName(), MailboxNameChecks.Create.class.getName())
        .put(RenameProcessor.class.getCanonicalName(), MailboxNameChecks.Rename.class.getName())
        .put(SearchCommandParser.class.getCanonicalName(), Utf8SearchCommandParser.class.getCanonicalName())
        .build();

    @Override
    public Collection<ClassName> processors() {
        return replaced(ImapPackage.DEFAULT.processors());
    }

    @Override
    public Collection<ClassName> decoders() {
        return replaced(ImapPackage.DEFAULT.decoders());
    }

    /**
     * James's encoders, the one of the RFC 5530 codes ({@link CodedStatusResponseEncoder}) and the one of a conditional
     * STORE's {@code MODIFIED} ({@link ModifiedResponseEncoder}).
     */
    @Override
    public Collection<ClassName> encoders() {
        return ImmutableList.<ClassName>builder()
            .addAll(ImapPackage.DEFAULT.encoders())
            .add(new ClassName(CodedStatusResponseEncoder.class.getCanonicalName()))
            .add(new ClassName(ModifiedResponseEncoder.class.getCanonicalName()))
            .build();
    }

    private static Collection<ClassName> replaced(Collection<ClassName> stock) {
        return stock.stream()
            .map(name -> new ClassName(REPLACED.getOrDefault(name.getName(), name.getName())))
            .collect(ImmutableList.toImmutableList());
    }
}
