package dev.sluice.server.common;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Server-wide settings under {@code sluice.*}: where data lives and where the bundled Flink
 * runtimes are.
 *
 * @param dataDir root of everything the server persists (clusters, logs, storage)
 * @param flinkRuntimeRoot directory holding one {@code flink-<version>/} runtime per bundled Flink
 *     version
 * @param clusterReadyTimeout how long a local cluster may take to answer on REST with all its
 *     TaskManagers registered
 */
@ConfigurationProperties("sluice")
public record SluiceProperties(
        @DefaultValue("data") Path dataDir,
        @DefaultValue("flink-runtime/target") Path flinkRuntimeRoot,
        @DefaultValue("120s") Duration clusterReadyTimeout) {}
