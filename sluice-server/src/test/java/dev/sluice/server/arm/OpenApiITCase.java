package dev.sluice.server.arm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.ArmClient;
import dev.sluice.server.testing.ArmClient.Answer;
import dev.sluice.server.testing.SluiceTestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sluice's OpenAPI document at {@code /openapi.json}, from a running server: every path of the
 * HDInsight on AKS spec ({@code arm/spec-paths.txt}) is in it, and the portal is not; without a
 * token it answers 401 like the API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiITCase {

    private SluiceTestServer server;

    @BeforeAll
    void start(@TempDir Path work) {
        server = SluiceTestServer.start(work.resolve("data"), Map.of(), c -> {});
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyPathOfTheSpecIsInTheDocument() throws IOException {
        Answer document = server.api().get("/openapi.json?api-version=none");

        assertThat(document.status()).as(document.raw()).isEqualTo(200);
        assertThat(document.body().path("openapi").asString()).startsWith("3.");
        Set<String> paths = new TreeSet<>();
        document.body().path("paths").propertyNames().forEach(p -> paths.add(shape(p)));
        List<String> spec = specPaths();
        assertThat(spec).hasSizeGreaterThan(20);
        List<String> missing = spec.stream().filter(p -> !paths.contains(shape(p))).toList();
        assertThat(missing).as("spec paths missing from /openapi.json").isEmpty();
        assertThat(paths).noneMatch(p -> p.startsWith("/portal"));

        Answer anonymous = new ArmClient(server.port()).get("/openapi.json?api-version=none");
        assertThat(anonymous.status()).isEqualTo(401);
    }

    /** A path with its parameters unnamed and its fixed segments in lower case. */
    private static String shape(String path) {
        return path.replaceAll("\\{[^}]*}", "{}").toLowerCase(Locale.ROOT);
    }

    private static List<String> specPaths() throws IOException {
        List<String> paths = new ArrayList<>();
        try (InputStream in = OpenApiITCase.class.getResourceAsStream("/arm/spec-paths.txt")) {
            assertThat(in).as("arm/spec-paths.txt").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("/")) {
                    paths.add(line.strip());
                }
            }
        }
        return paths;
    }
}
