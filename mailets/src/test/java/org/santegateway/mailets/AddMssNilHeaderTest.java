package org.santegateway.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

class AddMssNilHeaderTest {
    @Test
    void shouldSetTheHeaderReplacingTheClientsValue() throws Exception {
        AddMssNilHeader mailet = new AddMssNilHeader();
        mailet.init(FakeMailetConfig.builder().mailetName("nil").setProperty("value", "SanteGateway/1.0").build());
        MimeMessage message = new MimeMessage(Session.getInstance(new java.util.Properties()));
        message.setHeader(AddMssNilHeader.HEADER, "client");
        message.setText("x");
        FakeMail mail = FakeMail.builder().name("m").recipient("bob@operateur-b.fr").mimeMessage(message).build();

        mailet.service(mail);

        assertThat(mail.getMessage().getHeader(AddMssNilHeader.HEADER)).containsExactly("SanteGateway/1.0");
    }

    @Test
    void missingValueShouldBeRefusedAtInit() {
        AddMssNilHeader mailet = new AddMssNilHeader();
        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("nil").build()))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("value");
    }

    @Test
    void unknownParameterShouldBeRefusedAtInit() {
        AddMssNilHeader mailet = new AddMssNilHeader();
        assertThatThrownBy(() -> mailet.init(FakeMailetConfig.builder().mailetName("nil").setProperty("value", "x")
            .setProperty("valeur", "y").build()))
            .isInstanceOf(MessagingException.class);
    }
}
