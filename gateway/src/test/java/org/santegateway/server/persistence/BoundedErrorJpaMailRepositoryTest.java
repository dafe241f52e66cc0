package org.santegateway.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mail whose processing failed with a long error message is kept in the error repository (it
 * was lost: the insert failed on James's 200-character column).
 */
class BoundedErrorJpaMailRepositoryTest {
    @TempDir
    static Path var;
    static ManagedEntityManagerFactory database;

    @BeforeAll
    static void open() {
        database = new ManagedEntityManagerFactory(DatabaseConfiguration.embeddedDerby(new StorageDirectories(var)));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void aMailWithALongErrorMessageShouldBeStoredWithItsMessageCut() throws Exception {
        BoundedErrorJpaMailRepository repository = new BoundedErrorJpaMailRepository(database.entityManagerFactory(),
            MailRepositoryUrl.from("jpa://var/mail/error/"));
        String longError = "Exception calling RecipientRewriteTable: " + "x".repeat(1_000);
        Mail mail = MailImpl.builder()
            .name("long-error")
            .sender("dr.martin@hopital.test")
            .addRecipient("dr.durand@hopital.test")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("kept").setText("body"))
            .errorMessage(longError)
            .build();

        MailKey key = repository.store(mail);

        Mail stored = repository.retrieve(key);
        try {
            assertThat(stored).isNotNull();
            assertThat(stored.getMessage().getSubject()).isEqualTo("kept");
            assertThat(stored.getErrorMessage()).hasSize(BoundedErrorJpaMailRepository.ERROR_MESSAGE_COLUMN)
                .startsWith("Exception calling RecipientRewriteTable: xxx").endsWith("\u2026");
            assertThat(mail.getErrorMessage()).isEqualTo(longError);
        } finally {
            LifecycleUtil.dispose(stored);
            LifecycleUtil.dispose(mail);
        }
    }

    @Test
    void aShortErrorMessageShouldBeStoredAsItIs() throws Exception {
        BoundedErrorJpaMailRepository repository = new BoundedErrorJpaMailRepository(database.entityManagerFactory(),
            MailRepositoryUrl.from("jpa://var/mail/error/"));
        Mail mail = MailImpl.builder()
            .name("short-error")
            .sender("dr.martin@hopital.test")
            .addRecipient("dr.durand@hopital.test")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("kept").setText("body"))
            .errorMessage("550 no such user")
            .build();

        Mail stored = repository.retrieve(repository.store(mail));
        try {
            assertThat(stored.getErrorMessage()).isEqualTo("550 no such user");
        } finally {
            LifecycleUtil.dispose(stored);
            LifecycleUtil.dispose(mail);
        }
    }
}
