package org.santegateway.server.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 3501 §7.4.2: the comment form's name becomes a display name; everything else is left as written. */
class CommentNamesTest {
    @Test
    void rewriteShouldTurnTheCommentIntoADisplayName() {
        assertThat(CommentNames.rewrite("user@domain (Real Name)")).isEqualTo(" Real Name <user@domain>");
        assertThat(CommentNames.rewrite("a@d, b@d (Dr. B, \"Bee\")")).isEqualTo("a@d, \"Dr. B, \\\"Bee\\\"\" <b@d>");
    }

    @Test
    void rewriteShouldLeaveAngleAddressesGroupsAndLoneCommentsAlone() {
        assertThat(CommentNames.rewrite("Name <user@domain> (note)")).isEqualTo("Name <user@domain> (note)");
        assertThat(CommentNames.rewrite("group2: (foo) ;")).isEqualTo("group2: (foo) ;");
        assertThat(CommentNames.rewrite("user@domain (unclosed")).isEqualTo("user@domain (unclosed");
    }
}
