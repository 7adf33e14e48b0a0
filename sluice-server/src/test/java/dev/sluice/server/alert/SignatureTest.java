package dev.sluice.server.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignatureTest {

    @Test
    void isTheHexHmacSha256OfTheBodyUnderTheSecret() {
        // RFC-style known answer (Wikipedia's HMAC example).
        byte[] body =
                "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);

        assertThat(Signature.of("key", body))
                .isEqualTo(
                        "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void changesWithTheSecretAndWithTheBody() {
        byte[] body = "{\"type\":\"job.failed\"}".getBytes(StandardCharsets.UTF_8);
        byte[] other = "{\"type\":\"job.failed\" }".getBytes(StandardCharsets.UTF_8);

        assertThat(Signature.of("s1", body)).isNotEqualTo(Signature.of("s2", body));
        assertThat(Signature.of("s1", body)).isNotEqualTo(Signature.of("s1", other));
        assertThat(Signature.of("s1", body)).isEqualTo(Signature.of("s1", body));
    }
}
