package dev.sluice.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {

    @TempDir Path data;

    private Path file() {
        return data.resolve("security/jwt-signing-key.json");
    }

    @Test
    void generatesAKeyOnceAndKeepsItOwnerOnly() throws IOException {
        SigningKey first = new SigningKey(file());

        assertThat(first.key().size()).isGreaterThanOrEqualTo(2048);
        assertThat(first.key().getKeyID()).isNotBlank();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file().getParent())))
                .isEqualTo("rwx------");
        assertThat(Files.list(file().getParent())).hasSize(1);

        SigningKey again = new SigningKey(file());
        assertThat(again.key()).isEqualTo(first.key());
        assertThat(again.publicKey()).isEqualTo(first.publicKey());
    }

    @Test
    void publishesThePublicHalfOnly() {
        SigningKey key = new SigningKey(file());

        assertThat(key.publicJwks().getKeys()).hasSize(1);
        assertThat(key.publicJwks().getKeys().get(0).isPrivate()).isFalse();
        assertThat(key.publicJwks().toString()).doesNotContain("\"d\"");
    }

    @Test
    void narrowsAKeyFileSomeoneWidened() throws IOException {
        new SigningKey(file());
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));

        new SigningKey(file());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file())))
                .isEqualTo("rw-------");
    }

    @Test
    void refusesAKeyFileThatIsNoKeyWithoutShowingIt() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "{\"kty\":\"RSA\",\"secret-looking\":\"s3cr3t\"");

        assertThatThrownBy(() -> new SigningKey(file()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not an RSA JWK")
                .hasMessageNotContaining("s3cr3t");
    }
}
