package org.santegateway.server.imap;

import java.time.Clock;

import javax.inject.Provider;
import javax.inject.Singleton;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.MailboxTyper;
import org.apache.james.imap.decode.ImapCommandParserFactory;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.decode.main.DefaultImapDecoder;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imapserver.netty.IMAPServerFactory;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.modules.protocols.ImapPackage;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.santegateway.delivery.InactiveMailboxes;
import org.santegateway.login.CertificateLogins;
import org.santegateway.login.PasswordLogins;
import org.santegateway.login.TokenLogins;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.ProvidesIntoSet;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Overrides James's IMAP server factory with {@link GatewayImapServerFactory}, whose processor
 * checks logins through {@link PasswordLoginProcessor}, {@link TokenLoginProcessor} (Pro Santé Connect) and {@link CertificateLoginProcessor} (applications),
 * ends the sessions of mailboxes suspended since ({@link InactiveMailboxProcessor}), keeps untagged responses to the messages the session knows
 * ({@link KnownMessagesProcessor}), ends the mailbox request after each command
 * ({@link RequestScopedMailboxProcessor}) and answers every command ({@link AnsweredCommandsProcessor}) (use with
 * Modules.override).
 *
 * <p>Also where James's IMAP departs from the RFCs: LIST ({@link GatewayImapPackage}, {@link OwnMailboxTyper}),
 * mailbox names that are not modified UTF-7 ({@link ModifiedUtf7Guard}), FETCH of encapsulated messages and
 * envelopes ({@link MessagePartsProcessor}), COPYUID ({@link CopyUidProcessor}) and keywords
 * ({@link AnnouncedKeywordsProcessor}), RFC 5530 codes of mailbox names ({@link MailboxExistenceCodesProcessor}).</p>
 */
public class GatewayImapModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(MailboxTyper.class).to(OwnMailboxTyper.class);
        bind(OpenImapSessions.class).in(Scopes.SINGLETON);
    }

    @ProvidesIntoSet
    InitializationOperation startOpenImapSessions(OpenImapSessions sessions) {
        return InitilizationOperationBuilder
            .forClass(OpenImapSessions.class)
            .init(sessions::start);
    }

    /** James's commands with the gateway's LIST (the {@code imapPackages} setting of imapserver.xml is not read). */
    @Provides
    @Singleton
    ImapPackage providePackage() {
        return new GatewayImapPackage();
    }

    @Provides
    ImapDecoder provideDecoder(ImapCommandParserFactory parsers, StatusResponseFactory responses) {
        return new DefaultImapDecoder(responses, PipelinedCommands.parsers(new ModifiedUtf7Guard(parsers, responses), parsers));
    }

    @Provides
    @Singleton
    IMAPServerFactory provideServerFactory(FileSystem fileSystem, Provider<ImapDecoder> decoder, Provider<ImapEncoder> encoder,
                                           Provider<ImapProcessor> processor, PasswordLogins logins, TokenLogins tokens, StatusResponseFactory responses,
                                           MetricFactory metricFactory, GaugeRegistry gaugeRegistry, MeterRegistry registry,
                                           MailboxManager mailboxManager, CertificateLogins certificates, InactiveMailboxes inactive,
                                           OpenImapSessions sessions) {
        RecentClaims recentClaims = new RecentClaims();
        Provider<ImapProcessor> guarded = () -> new OffEventLoopProcessor(new AnsweredCommandsProcessor(new RequestScopedMailboxProcessor(
            new KnownMessagesProcessor(new InactiveMailboxProcessor(new CertificateLoginProcessor(new TokenLoginProcessor(new PasswordLoginProcessor(
                standard(processor.get(), responses), logins, responses), tokens, mailboxManager, responses), certificates, mailboxManager,
                responses), inactive, responses, Clock.systemUTC()), recentClaims), mailboxManager), responses), responses);
        return new GatewayImapServerFactory(fileSystem, decoder, encoder, guarded, metricFactory, gaugeRegistry, registry, logins, sessions);
    }

    /** James's processor with the responses it gets wrong corrected (README, "Deviations from stock James IMAP"). */
    private static ImapProcessor standard(ImapProcessor james, StatusResponseFactory responses) {
        return new MailboxExistenceCodesProcessor(new AnnouncedKeywordsProcessor(new CopyUidProcessor(new CondstoreResponsesProcessor(
            new MessagePartsProcessor(james)), responses), responses));
    }
}
