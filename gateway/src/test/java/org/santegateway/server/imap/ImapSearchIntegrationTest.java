package org.santegateway.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.santegateway.server.testing.GatewayTestServer;
import org.santegateway.server.testing.ImapDialog;
import org.santegateway.server.testing.ImapDialog.Reply;
import org.santegateway.server.testing.TestTls;

/**
 * IMAP SEARCH as RFC 3501 §6.4.4 (and RFC 9051) defines it, over IMAPS: SUBJECT, FROM, TO, CC, HEADER, BODY and TEXT
 * match a substring anywhere, whatever the case, in the decoded header or text; an address criterion matches the
 * display name, the address or a part of them in both {@code Name <addr>} and {@code addr (Name)} forms; SENTON,
 * SENTBEFORE and SENTSINCE compare the date as written in the Date header, in its own zone.
 *
 * <p>Three messages are appended once; each search names the sequence numbers it must find, and what it must not.</p>
 */
class ImapSearchIntegrationTest {
    static final String DOMAIN = "cabinet-test.fr";
    static final String USER = "dr.search@" + DOMAIN;
    static final String PASSWORD = "correct horse battery staple";

    /** Sent at 00:00 in UTC+2: 24 March in UTC, 25 March as written. */
    static final String FIRST = """
        From: Real Name <user-from@domain.org>
        To: "Dr Alice Martin" <alice.martin@hopital-exemple.fr>
        Cc: Secretariat <secretariat@cabinet-test.fr>
        Subject: Hello Beautiful World
        X-Foo: alpha-Bravo-charlie
        Date: Sun, 25 Mar 2007 00:00:00 +0200
        Message-ID: <first@domain.org>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=UTF-8
        Content-Transfer-Encoding: quoted-printable

        The code is asdfghjkl today. The dose is 2=
        50 mg.
        """;

    /** Sent at 23:30 in UTC-5: 25 March in UTC, 24 March as written. */
    static final String SECOND = """
        From: user-from@domain.org (Real Name)
        To: bob@other.org
        Subject: =?UTF-8?Q?R=C3=A9sultats_d'analyse?=
        Date: Sat, 24 Mar 2007 23:30:00 -0500
        Message-ID: <second@domain.org>

        Nothing special here.
        """;

    /** Sent at 01:00 in UTC+2: 25 March in UTC, 26 March as written. */
    static final String THIRD = """
        From: Someone Else <someone@elsewhere.net>
        To: carol@domain.org
        Cc: Carol Assistant <assistant@cabinet-test.fr>
        Subject: beautiful planet
        X-Foo: delta
        Date: Mon, 26 Mar 2007 01:00:00 +0200
        Message-ID: <third@elsewhere.net>

        asdf ghjk kept apart. Bonjour.
        """;

    @TempDir
    static Path root;
    static GatewayTestServer gateway;
    static ImapDialog imap;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayTestServer.prepare(root).start();
        gateway.data().addDomain(DOMAIN);
        gateway.data().addUser(USER, PASSWORD);
        SSLSocketFactory tls = TestTls.socketFactory(gateway.testCaCertificate());
        imap = ImapDialog.connectTls(gateway.imapsPort(), tls);
        assertThat(imap.command("LOGIN " + USER + " \"" + PASSWORD + "\"").ok()).isTrue();
        assertThat(imap.command("CREATE Cases").ok()).isTrue();
        for (String message : List.of(FIRST, SECOND, THIRD)) {
            assertThat(imap.append("Cases", message.replace("\n", "\r\n")).ok()).isTrue();
        }
        assertThat(imap.command("SELECT Cases").untaggedStartingWith("* 3 EXISTS")).isPresent();
    }

    @AfterAll
    static void stop() throws IOException {
        if (imap != null) {
            imap.logout();
        }
        gateway.close();
    }

    @Nested
    class Body {
        @Test
        void bodyShouldMatchInsideAWordWhenTheStringIsAnInfix() throws Exception {
            assertThat(search("BODY sdfghjk")).containsExactly(1);
        }

        @Test
        void bodyShouldIgnoreCaseWhenTheStringIsUpperCase() throws Exception {
            assertThat(search("BODY SDFGHJK")).containsExactly(1);
        }

        @Test
        void bodyShouldMatchAcrossWordsWhenTheStringHoldsASpace() throws Exception {
            assertThat(search("BODY \"ghjk kept\"")).containsExactly(3);
        }

        @Test
        void bodyShouldMatchTheDecodedTextWhenThePartIsQuotedPrintable() throws Exception {
            assertThat(search("BODY \"dose is 250 mg\"")).containsExactly(1);
        }

        @Test
        void bodyShouldMatchNothingWhenTheWordsAreNotAdjacent() throws Exception {
            assertThat(search("BODY \"asdfghjkl code\"")).isEmpty();
            assertThat(search("BODY \"asdfghjk today\"")).isEmpty();
        }

        @Test
        void bodyShouldNotMatchHeadersWhenTheStringIsOnlyInAHeader() throws Exception {
            assertThat(search("BODY beautiful")).isEmpty();
        }
    }

    @Nested
    class Subject {
        @Test
        void subjectShouldMatchAnInfixSpanningTwoWordsWhateverTheCase() throws Exception {
            assertThat(search("SUBJECT \"eautiful worl\"")).containsExactly(1);
            assertThat(search("SUBJECT \"EAUTIFUL WORL\"")).containsExactly(1);
            assertThat(search("SUBJECT \"eAuTiFuL\"")).containsExactly(1, 3);
        }

        @Test
        void subjectShouldMatchTheDecodedTextWhenTheSubjectIsAnEncodedWord() throws Exception {
            assertThat(search("SUBJECT \"sultats d'analyse\"")).containsExactly(2);
        }

        @Test
        void subjectShouldMatchNothingWhenTheStringIsNotInAnySubject() throws Exception {
            assertThat(search("SUBJECT \"beautiful world planet\"")).isEmpty();
            assertThat(search("SUBJECT asdfghjkl")).isEmpty();
        }
    }

    @Nested
    class Addresses {
        @Test
        void fromShouldMatchTheAddressInBothForms() throws Exception {
            assertThat(search("FROM user-from@domain.org")).containsExactly(1, 2);
            assertThat(search("FROM USER-FROM@DOMAIN.ORG")).containsExactly(1, 2);
        }

        @Test
        void fromShouldMatchTheDisplayNameInBothForms() throws Exception {
            assertThat(search("FROM \"Real Name\"")).containsExactly(1, 2);
            assertThat(search("FROM \"Name Real\"")).isEmpty();
            assertThat(search("FROM \"eal nam\"")).containsExactly(1, 2);
            assertThat(search("FROM \"someone else\"")).containsExactly(3);
        }

        @Test
        void fromShouldMatchPartOfTheAddress() throws Exception {
            assertThat(search("FROM from@dom")).containsExactly(1, 2);
            assertThat(search("FROM elsewhere")).containsExactly(3);
            assertThat(search("FROM domain.org")).containsExactly(1, 2);
        }

        @Test
        void fromShouldMatchNothingWhenTheAddressIsOnlyARecipient() throws Exception {
            assertThat(search("FROM alice")).isEmpty();
            assertThat(search("FROM carol")).isEmpty();
        }

        @Test
        void toShouldMatchTheNameTheAddressOrAPart() throws Exception {
            assertThat(search("TO \"alice martin\"")).containsExactly(1);
            assertThat(search("TO alice.martin@hopital-exemple.fr")).containsExactly(1);
            assertThat(search("TO hopital-exemple")).containsExactly(1);
            assertThat(search("TO domain.org")).containsExactly(3);
        }

        @Test
        void toShouldMatchNothingWhenTheAddressIsOnlyTheSender() throws Exception {
            assertThat(search("TO user-from")).isEmpty();
            assertThat(search("TO secretariat")).isEmpty();
        }

        @Test
        void ccShouldMatchTheNameTheAddressOrAPart() throws Exception {
            assertThat(search("CC secretariat")).containsExactly(1);
            assertThat(search("CC assistant@cabinet")).containsExactly(3);
            assertThat(search("CC cabinet-test.fr")).containsExactly(1, 3);
        }

        @Test
        void ccShouldMatchNothingWhenTheAddressIsNotACopy() throws Exception {
            assertThat(search("CC bob")).isEmpty();
            assertThat(search("CC alice")).isEmpty();
        }
    }

    @Nested
    class Headers {
        @Test
        void headerShouldMatchAnInfixWhateverTheCase() throws Exception {
            assertThat(search("HEADER X-Foo bravo-ch")).containsExactly(1);
            assertThat(search("HEADER x-foo ELT")).containsExactly(3);
        }

        @Test
        void headerShouldMatchEveryMessageWithTheHeaderWhenTheStringIsEmpty() throws Exception {
            assertThat(search("HEADER X-Foo \"\"")).containsExactly(1, 3);
        }

        @Test
        void headerShouldMatchNothingWhenTheStringIsNotInThatHeader() throws Exception {
            assertThat(search("HEADER X-Foo alpha-charlie")).isEmpty();
            assertThat(search("HEADER X-Foo beautiful")).isEmpty();
        }
    }

    @Nested
    class Text {
        @Test
        void textShouldMatchTheBodyAndTheHeaders() throws Exception {
            assertThat(search("TEXT sdfghjk")).containsExactly(1);
            assertThat(search("TEXT \"alice mart\"")).containsExactly(1);
            assertThat(search("TEXT \"x-foo: delta\"")).containsExactly(3);
            assertThat(search("TEXT bonjour")).containsExactly(3);
        }

        @Test
        void textShouldMatchNothingWhenTheStringIsNowhere() throws Exception {
            assertThat(search("TEXT \"bonjour asdf\"")).isEmpty();
        }

        @Test
        void notTextShouldMatchTheOtherMessages() throws Exception {
            assertThat(search("NOT TEXT sdfghjk")).containsExactly(2, 3);
        }
    }

    @Nested
    class SentDates {
        @Test
        void sentOnShouldCompareTheDateAsWrittenInItsOwnZone() throws Exception {
            assertThat(search("SENTON 25-Mar-2007")).containsExactly(1);
            assertThat(search("SENTON 24-Mar-2007")).containsExactly(2);
            assertThat(search("SENTON 26-Mar-2007")).containsExactly(3);
        }

        @Test
        void sentBeforeShouldCompareTheDateAsWrittenInItsOwnZone() throws Exception {
            assertThat(search("SENTBEFORE 25-Mar-2007")).containsExactly(2);
            assertThat(search("SENTBEFORE 26-Mar-2007")).containsExactly(1, 2);
            assertThat(search("SENTBEFORE 24-Mar-2007")).isEmpty();
        }

        @Test
        void sentSinceShouldCompareTheDateAsWrittenInItsOwnZone() throws Exception {
            assertThat(search("SENTSINCE 25-Mar-2007")).containsExactly(1, 3);
            assertThat(search("SENTSINCE 26-Mar-2007")).containsExactly(3);
            assertThat(search("SENTSINCE 27-Mar-2007")).isEmpty();
        }
    }

    private static List<Integer> search(String criteria) throws IOException {
        Reply reply = imap.command("SEARCH " + criteria);
        assertThat(reply.ok()).as(reply.tagged()).isTrue();
        return reply.searched().stream()
            .map(Integer::valueOf)
            .sorted()
            .toList();
    }
}
