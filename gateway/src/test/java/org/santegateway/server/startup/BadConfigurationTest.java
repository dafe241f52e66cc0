package org.santegateway.server.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.GatewayMain;
import org.santegateway.server.GatewayServer;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.testing.GatewayTestServer;

/**
 * A configuration mistake stops startup with one readable line naming the file and the setting,
 * before James starts, and creates nothing it should not.
 */
class BadConfigurationTest {
    @TempDir
    Path root;
    GatewaySettings settings;

    @BeforeEach
    void copyConfiguration() {
        GatewayTestServer.copyConfiguration(root.resolve("config"), GatewayTestServer.freePort(), false);
        settings = new GatewaySettings(root.resolve("config"), root.resolve("data"));
    }

    @Test
    void shippedConfigurationShouldPassTheChecks() {
        GatewayServer.prepare(settings, Clock.systemUTC());

        assertThat(settings.certsDirectory().resolve("server.pem")).exists();
        assertThat(settings.generatedConfDirectory().resolve("jmxremote.password")).exists();
    }

    @Test
    void unknownSignerMatchShouldStopTheStartNamingTheSetting() throws IOException {
        replace("gateway.properties", "smime.signer.match=organisation", "smime.signer.match=organization");

        assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
            .isInstanceOf(StartupFailure.class)
            .hasMessage("gateway.properties: smime.signer.match: must be one of address, domain, organisation");
    }

    @Test
    void notificationSenderThatIsNotAnAddressShouldStopTheStartNamingTheSetting() throws IOException {
        replace("gateway.properties", "webmail.notification.sender=ne-pas-repondre@localhost", "webmail.notification.sender=ne pas repondre");

        assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
            .isInstanceOf(StartupFailure.class)
            .hasMessage("gateway.properties: webmail.notification.sender: is not an e-mail address");
    }

    @Test
    void malformedSettingReadInsideJamesShouldStopTheStartBeforeJamesNamingTheSetting() throws IOException {
        replace("gateway.properties", "mail.login.lockout=PT15M", "mail.login.lockout=15 minutes");

        assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
            .isInstanceOf(StartupFailure.class)
            .hasMessage("gateway.properties: mail.login.lockout: '15 minutes' is not a duration such as 90s, 15m, 8h, 7d or PT15M");
    }

    @Test
    void malformedXmlShouldNameTheFileAndLine() throws IOException {
        Path smtp = settings.file("smtpserver.xml");
        String content = Files.readString(smtp);
        Files.writeString(smtp, content.substring(0, content.indexOf("</smtpserver>") + 5));

        assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
            .isInstanceOf(StartupFailure.class)
            .hasMessageStartingWith("smtpserver.xml: line ")
            .hasMessageContaining("malformed XML");
    }

    @Test
    void xmlWithADoctypeShouldBeRefused() throws IOException {
        Files.writeString(settings.file("domainlist.xml"),
            "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><domainlist><defaultDomain>&x;</defaultDomain></domainlist>");

        assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
            .isInstanceOf(StartupFailure.class)
            .hasMessageStartingWith("domainlist.xml: line ");
    }

    @Nested
    class Certificates {
        @Test
        void missingCertificateShouldNameTheFileAndSetting() throws IOException {
            replace("smtpserver.xml", "<certificates>file://certs/operator.pem</certificates>",
                "<certificates>file:///nonexistent/gateway/server.pem</certificates>");

            assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
                .isInstanceOf(StartupFailure.class)
                .hasMessage("smtpserver.xml: smtpserver[1].tls.certificates: file /nonexistent/gateway/server.pem does not exist");
        }

        @Test
        void garbageCertificateShouldBeRefused() throws IOException {
            Path garbage = root.resolve("garbage.pem");
            Files.writeString(garbage, "this is not a certificate");
            replace("imapserver.xml", "<certificates>file://certs/server.pem</certificates>",
                "<certificates>file://" + garbage + "</certificates>");

            assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
                .isInstanceOf(StartupFailure.class)
                .hasMessageStartingWith("imapserver.xml: imapserver[1].tls.certificates: file " + garbage + " ");
        }

        @Test
        void unreadablePrivateKeyShouldBeRefused() throws IOException {
            Path key = root.resolve("not-a-key.pem");
            Files.writeString(key, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
            replace("smtpserver.xml", "<privateKey>file://certs/operator.key</privateKey>",
                "<privateKey>file://" + key + "</privateKey>");

            assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
                .isInstanceOf(StartupFailure.class)
                .hasMessageStartingWith("smtpserver.xml: smtpserver[1].tls.privateKey: file " + key + " is not an unencrypted PEM private key");
        }

        @Test
        void expiredCertificateShouldBeRefused() {
            GatewayServer.prepare(settings, Clock.systemUTC());
            Clock inThreeYears = Clock.offset(Clock.systemUTC(), Duration.ofDays(3 * 365));

            assertThatThrownBy(() -> GatewayServer.prepare(settings, inThreeYears))
                .isInstanceOf(StartupFailure.class)
                .hasMessageStartingWith("smtpserver.xml: smtpserver[1].tls.certificates: certificate CN=localhost")
                .hasMessageContaining("expired on");
        }
    }

    @Test
    void invalidDefaultDomainShouldNameTheSetting() throws IOException {
        replace("domainlist.xml", "<defaultDomain>localhost</defaultDomain>", "<defaultDomain>not a domain!</defaultDomain>");

        assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
            .isInstanceOf(StartupFailure.class)
            .hasMessageStartingWith("domainlist.xml: defaultDomain: 'not a domain!' is not a valid domain");
    }

    @Test
    void postmasterOutsideTheGatewaysDomainsShouldNameTheSetting() throws IOException {
        replace("gateway.properties", "postmaster.address=postmaster@localhost", "postmaster.address=postmaster@elsewhere.test");

        assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
            .isInstanceOf(StartupFailure.class)
            .hasMessageStartingWith("gateway.properties: postmaster.address: must be an address of a domain of this gateway");
    }

    @Test
    void portInUseShouldNameTheListener() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String content = Files.readString(settings.file("smtpserver.xml"));
            Files.writeString(settings.file("smtpserver.xml"),
                content.replaceFirst("<bind>127.0.0.1:0</bind>", "<bind>127.0.0.1:" + taken.getLocalPort() + "</bind>"));

            assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
                .isInstanceOf(StartupFailure.class)
                .hasMessageStartingWith("smtpserver.xml: smtpserver[1].bind: port " + taken.getLocalPort() + " on 127.0.0.1 is already in use");
        }
    }

    @Nested
    class SmtpListeners {
        @Test
        void submissionListenerWithoutAuthenticationRequiredShouldBeRefused() throws IOException {
            String content = Files.readString(settings.file("smtpserver.xml"));
            int second = content.indexOf("<handler class=\"org.santegateway.smtp.AuthenticationRequiredHook\"/>");
            Files.writeString(settings.file("smtpserver.xml"), content.substring(0, second)
                + content.substring(second + "<handler class=\"org.santegateway.smtp.AuthenticationRequiredHook\"/>".length()));

            assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
                .isInstanceOf(StartupFailure.class)
                .hasMessageStartingWith("smtpserver.xml: smtpserver[2].handlerchain: a listener that is not the operators' port")
                .hasMessageContaining("org.santegateway.smtp.AuthenticationRequiredHook");
        }

        @Test
        void operatorsListenerWithoutClientCertificatesShouldBeRefused() throws IOException {
            String content = Files.readString(settings.file("smtpserver.xml"));
            Files.writeString(settings.file("smtpserver.xml"),
                content.substring(0, content.indexOf("<clientAuth>")) + content.substring(content.indexOf("</clientAuth>") + "</clientAuth>".length()));

            assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
                .isInstanceOf(StartupFailure.class)
                .hasMessageStartingWith("smtpserver.xml: smtpserver[1].handlerchain: a listener that is not the operators' port");
        }
    }

    @Nested
    class AdminInterfaces {
        @Test
        void jmxOnAPublicAddressShouldBeRefused() throws IOException {
            replace("jmx.properties", "jmx.address=127.0.0.1", "jmx.address=0.0.0.0");

            assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
                .isInstanceOf(StartupFailure.class)
                .hasMessage("jmx.properties: jmx.address: '0.0.0.0' is not a loopback address: admin interfaces listen on loopback only");
        }

        @Test
        void webAdminWithoutAuthenticationShouldBeRefused() throws IOException {
            replace("webadmin.properties", "jwt.enabled=true", "jwt.enabled=false");

            assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
                .isInstanceOf(StartupFailure.class)
                .hasMessageStartingWith("webadmin.properties: jwt.enabled: WebAdmin must require authentication");
        }

        @Test
        void webAdminWithAWildcardOriginShouldBeRefused() throws IOException {
            replace("webadmin.properties", "cors.origin=http://127.0.0.1:8000", "cors.origin=*");

            assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
                .isInstanceOf(StartupFailure.class)
                .hasMessageStartingWith("webadmin.properties: cors.origin:");
        }

        @Test
        void webAdminOnAPublicAddressShouldBeRefused() throws IOException {
            replace("webadmin.properties", "host=127.0.0.1", "host=0.0.0.0");

            assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
                .isInstanceOf(StartupFailure.class)
                .hasMessageStartingWith("webadmin.properties: host: '0.0.0.0' is not a loopback address");
        }

        @Test
        void malformedWebAdminTokenLifetimeShouldNameTheSetting() throws IOException {
            replace("gateway.properties", "webadmin.token.max.lifetime=24h", "webadmin.token.max.lifetime=one day");

            assertThatThrownBy(() -> GatewayServer.prepare(settings, Clock.systemUTC()))
                .isInstanceOf(StartupFailure.class)
                .hasMessage("gateway.properties: webadmin.token.max.lifetime: 'one day' is not a duration such as 90s, 15m, 8h, 7d or PT15M");
            assertThat(settings.dataDirectory()).doesNotExist();
        }
    }

    @Test
    void mainShouldPrintOneLineAndExitWithStatusOne() throws Exception {
        Path smtp = settings.file("smtpserver.xml");
        Files.writeString(smtp, Files.readString(smtp).replace("</smtpservers>", ""));

        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + GatewaySettings.CONFIG_PROPERTY + "=" + settings.configDirectory(),
                "-D" + GatewaySettings.DATA_PROPERTY + "=" + settings.dataDirectory(),
                "-cp", System.getProperty("java.class.path"),
                GatewayMain.class.getName())
            .start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(stderr.strip().lines()).hasSize(1);
        assertThat(stderr).startsWith("Gateway not started: smtpserver.xml: line ").doesNotContain("\tat ");
    }

    @Test
    void jamesFailureShouldBeDescribedInOneLine() throws Exception {
        replace("mailetcontainer.xml", "class=\"PostmasterAlias\"", "class=\"org.example.NoSuchMailet\"");
        var server = GatewayServer.create(settings, GatewayServer.prepare(settings, Clock.systemUTC()));
        try {
            assertThatThrownBy(server::start)
                .satisfies(failure -> assertThat(StartupErrors.describe(failure))
                    .doesNotContain("\n")
                    .contains("NoSuchMailet"));
        } finally {
            server.stop();
        }
    }

    private void replace(String file, String from, String to) throws IOException {
        Path path = settings.file(file);
        String content = Files.readString(path);
        assertThat(content).contains(from);
        Files.writeString(path, content.replace(from, to));
    }
}
