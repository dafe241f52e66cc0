package org.santegateway.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RegistryRequestTest {
    static RegistryRequest of(String... args) {
        return RegistryRequest.of(List.of(args), () -> "from stdin");
    }

    @Test
    void createShouldPutTheFieldsWithTheirTypes() {
        RegistryRequest request = of("create", "dr.martin@hopital.fr", "kind=PER", "holder=810003456789", "displayName=Dr Martin",
            "listeRouge=true", "rank=2", "password=-");

        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.path()).isEqualTo("/gateway/registry/mailboxes/dr.martin%40hopital.fr");
        assertThat(request.body()).contains("{\"kind\":\"PER\",\"holder\":\"810003456789\",\"displayName\":\"Dr Martin\","
            + "\"listeRouge\":true,\"rank\":2,\"password\":\"from stdin\"}");
    }

    @Test
    void updateShouldClearAFieldGivenWithoutValue() {
        assertThat(of("update", "a@b.fr", "service=").body()).contains("{\"service\":null}");
        assertThat(of("update", "a@b.fr", "service=").method()).isEqualTo("PATCH");
    }

    @Test
    void stateListAndExportShouldMapToTheirRoutes() {
        assertThat(of("state", "a@b.fr", "SUSPENDED")).isEqualTo(new RegistryRequest("POST", "/gateway/registry/mailboxes/a%40b.fr/state",
            Optional.of("{\"state\":\"SUSPENDED\"}")));
        assertThat(of("list", "kind=ORG", "state=ACTIVE").path()).isEqualTo("/gateway/registry/mailboxes?kind=ORG&state=ACTIVE");
        assertThat(of("export").path()).isEqualTo("/gateway/registry/export");
        assertThat(of("export", "2026-01-31T00:00:00Z").path()).isEqualTo("/gateway/registry/export?since=2026-01-31T00%3A00%3A00Z");
        assertThat(of("show", "a@b.fr").method()).isEqualTo("GET");
    }

    @Test
    void applicationAndCertificateCommandsShouldMapToTheirRoutes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path directory) throws Exception {
        assertThat(of("applications")).isEqualTo(new RegistryRequest("GET", "/gateway/applications", Optional.empty()));
        assertThat(of("application", "lgc", "editor=E", "product=P", "version=1", "certification=ANS-1")).isEqualTo(new RegistryRequest("PUT",
            "/gateway/applications/lgc", Optional.of("{\"editor\":\"E\",\"product\":\"P\",\"version\":\"1\",\"certification\":\"ANS-1\"}")));
        assertThat(of("application-state", "lgc", "SUSPENDED").path()).isEqualTo("/gateway/applications/lgc/state");
        assertThat(of("certificates", "lgc@b.fr").path()).isEqualTo("/gateway/registry/mailboxes/lgc%40b.fr/certificates");
        assertThat(of("certificate-remove", "lgc@b.fr", "1234").method()).isEqualTo("DELETE");
        java.nio.file.Path pem = java.nio.file.Files.writeString(directory.resolve("app.pem"), "-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n");
        assertThat(of("certificate-add", "lgc@b.fr", "application=lgc", "certificate=" + pem).body().orElseThrow())
            .contains("\"application\":\"lgc\"", "\"certificate\":\"-----BEGIN CERTIFICATE-----\\nMII");
        assertThatThrownBy(() -> of("certificate-add", "lgc@b.fr", "certificate=" + directory.resolve("missing.pem")))
            .hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> of("application-state", "lgc")).hasMessageContaining("usage");
    }

    @Test
    void malformedCommandsShouldBeRefusedWithTheUsage() {
        assertThatThrownBy(() -> of("rename", "a@b.fr")).hasMessageContaining("unknown registry command");
        assertThatThrownBy(() -> of("create", "a@b.fr", "kind")).hasMessageContaining("is not field=value");
        assertThatThrownBy(() -> of("create", "a@b.fr", "rank=first")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> of("list", "holder=1")).hasMessageContaining("filters");
        assertThatThrownBy(() -> of("state", "a@b.fr")).hasMessageContaining("usage");
    }
}
