package org.santegateway.server.outside;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.inject.Singleton;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.santegateway.pki.PemFiles;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.settings.GatewayProperties;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/** The TLS client of the path to the outside world ({@link OutsideTlsSocketFactory}), set by {@link OutsideSettings}. */
public class OutsideModule extends AbstractModule {
    @Provides
    @Singleton
    OutsideSettings provideSettings(GatewayProperties properties, GatewaySettings settings) {
        return OutsideSettings.from(properties, settings.dataDirectory());
    }

    @Override
    protected void configure() {
        bind(OutsideTlsClient.class).asEagerSingleton();
    }

    /** Installs the TLS client when the injector is built (JavaMail only finds it through a static method). */
    static final class OutsideTlsClient {
        @javax.inject.Inject
        OutsideTlsClient(OutsideSettings settings) {
            OutsideTlsSocketFactory.install(context(settings).getSocketFactory());
        }
    }

    static SSLContext context(OutsideSettings settings) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (settings.tlsTrust().isPresent()) {
                List<X509Certificate> authorities;
                try {
                    authorities = PemFiles.certificates(settings.tlsTrust().get());
                } catch (IOException | RuntimeException e) {
                    throw GatewayProperties.failure(OutsideSettings.TLS_TRUST, "file " + settings.tlsTrust().get()
                        + " is not readable as PEM certificates");
                }
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                for (int i = 0; i < authorities.size(); i++) {
                    store.setCertificateEntry("authority-" + i, authorities.get(i));
                }
                trust.init(store);
            } else {
                trust.init((KeyStore) null);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the outside TLS client cannot be set up", e);
        }
    }
}
