package dev.sluice.server.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.storage.StorageEntry;
import dev.sluice.server.storage.StorageLocation;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UploadedJarsTest {

    private static final String FLINK = "http://127.0.0.1:8081";
    private static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");

    private static StorageEntry jar(String name, long size, Instant modified) {
        return new StorageEntry(
                new StorageLocation("file:///data/jars/" + name),
                StorageEntry.Kind.FILE,
                size,
                modified);
    }

    @Test
    void anUnchangedJarIsReusedOnTheClusterItWasUploadedTo() {
        UploadedJars uploads = new UploadedJars();

        assertThat(uploads.remember(FLINK, jar("a.jar", 10, T0), "id-1")).isEmpty();

        assertThat(uploads.find(FLINK, jar("a.jar", 10, T0))).contains("id-1");
        assertThat(uploads.find("http://127.0.0.1:9999", jar("a.jar", 10, T0))).isEmpty();
        assertThat(uploads.find(FLINK, jar("b.jar", 10, T0))).isEmpty();
    }

    @Test
    void aChangedJarIsNotReusedAndItsNewUploadReplacesTheOld() {
        UploadedJars uploads = new UploadedJars();
        uploads.remember(FLINK, jar("a.jar", 10, T0), "id-1");

        assertThat(uploads.find(FLINK, jar("a.jar", 11, T0))).isEmpty();
        assertThat(uploads.find(FLINK, jar("a.jar", 10, T0.plusMillis(1)))).isEmpty();
        assertThat(uploads.remember(FLINK, jar("a.jar", 11, T0), "id-2")).contains("id-1");
        assertThat(uploads.find(FLINK, jar("a.jar", 11, T0))).contains("id-2");
    }

    @Test
    void aJarFlinkLostIsForgotten() {
        UploadedJars uploads = new UploadedJars();
        uploads.remember(FLINK, jar("a.jar", 10, T0), "id-1");

        uploads.forget(FLINK, jar("a.jar", 10, T0), "id-1");

        assertThat(uploads.find(FLINK, jar("a.jar", 10, T0))).isEmpty();
    }

    @Test
    void aSecondUploadOfTheSameVersionLeavesTheFirstRememberedAndIsItselfTheOneToDelete() {
        UploadedJars uploads = new UploadedJars();
        uploads.remember(FLINK, jar("a.jar", 10, T0), "id-1");

        // Two jobs of one jar launched at once both uploaded it: the second must not delete the
        // first's upload, which that launch is about to run.
        assertThat(uploads.remember(FLINK, jar("a.jar", 10, T0), "id-2")).contains("id-2");
        assertThat(uploads.remember(FLINK, jar("a.jar", 10, T0), "id-1")).isEmpty();
        assertThat(uploads.find(FLINK, jar("a.jar", 10, T0))).contains("id-1");
    }
}
