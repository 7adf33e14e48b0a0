package dev.sluice.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SensitiveKeysTest {

    private static final String KEY = "fs.azure.account.key.acct.blob.core.windows.net";

    @Test
    void aSpecNeverShowsTheAccountKey() {
        ClusterSpec spec =
                new ClusterSpec(
                        "c1",
                        "1.20",
                        null,
                        null,
                        1,
                        1,
                        Map.of(KEY, "s3cr3t-key==", "parallelism.default", "2"),
                        null,
                        null);
        assertThat(spec.toString())
                .doesNotContain("s3cr3t-key==")
                .contains(KEY + "=******")
                .contains("parallelism.default=2");
    }

    @Test
    void flinksSensitiveWordsAreMasked() {
        assertThat(SensitiveKeys.sensitive("security.ssl.keystore-password")).isTrue();
        assertThat(SensitiveKeys.sensitive("FS.AZURE.ACCOUNT.KEY.a.dfs.core.windows.net")).isTrue();
        assertThat(SensitiveKeys.sensitive("state.checkpoints.dir")).isFalse();
    }
}
