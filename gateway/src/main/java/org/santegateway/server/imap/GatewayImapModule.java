package org.santegateway.server.imap;

import javax.inject.Provider;
import javax.inject.Singleton;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imapserver.netty.IMAPServerFactory;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.santegateway.login.PasswordLogins;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Overrides James's IMAP server factory with {@link GatewayImapServerFactory}, whose processor
 * checks logins through {@link PasswordLoginProcessor}, keeps untagged responses to the messages the session knows
 * ({@link KnownMessagesProcessor}) and ends the mailbox request after each command
 * ({@link RequestScopedMailboxProcessor}) (use with Modules.override).
 */
public class GatewayImapModule extends AbstractModule {
    @Provides
    @Singleton
    IMAPServerFactory provideServerFactory(FileSystem fileSystem, Provider<ImapDecoder> decoder, Provider<ImapEncoder> encoder,
                                           Provider<ImapProcessor> processor, PasswordLogins logins, StatusResponseFactory responses,
                                           MetricFactory metricFactory, GaugeRegistry gaugeRegistry, MeterRegistry registry,
                                           MailboxManager mailboxManager) {
        Provider<ImapProcessor> guarded = () -> new RequestScopedMailboxProcessor(
            new KnownMessagesProcessor(new PasswordLoginProcessor(processor.get(), logins, responses)), mailboxManager);
        return new GatewayImapServerFactory(fileSystem, decoder, encoder, guarded, metricFactory, gaugeRegistry, registry, logins);
    }
}
