package dev.sluice.server.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkRuntimesTest {

    @TempDir Path root;

    private void runtime(String dir, String version) throws IOException {
        Files.createDirectories(root.resolve(dir).resolve("lib"));
        Files.writeString(root.resolve(dir).resolve("VERSION"), version + "\n");
    }

    @Test
    void resolvesFullVersionsAndLines() throws IOException {
        runtime("flink-1.20.3", "1.20.3");
        runtime("flink-2.3.0", "2.3.0");
        Files.createDirectories(root.resolve("not-a-runtime"));

        FlinkRuntimes runtimes = new FlinkRuntimes(root);

        assertThat(runtimes.available())
                .extracting(FlinkRuntime::version)
                .containsExactly("1.20.3", "2.3.0");
        assertThat(runtimes.resolve("1.20").version()).isEqualTo("1.20.3");
        assertThat(runtimes.resolve("2").version()).isEqualTo("2.3.0");
        assertThat(runtimes.resolve("2.3.0").home())
                .isEqualTo(root.resolve("flink-2.3.0").toAbsolutePath());
    }

    @Test
    void lineDoesNotMatchALongerMinor() throws IOException {
        runtime("flink-1.20.3", "1.20.3");

        assertThatThrownBy(() -> new FlinkRuntimes(root).resolve("1.2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'1.2' is not available")
                .hasMessageContaining("[1.20.3]");
    }

    @Test
    void missingRootExplainsHowToBuild() {
        assertThatThrownBy(() -> new FlinkRuntimes(root.resolve("absent")).resolve("1.20"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run ./mvnw package");
    }
}
