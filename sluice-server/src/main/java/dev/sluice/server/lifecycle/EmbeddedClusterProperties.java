package dev.sluice.server.lifecycle;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The local session cluster of the embedded default ({@code sluice.embedded-cluster.*}): created as
 * cluster {@code name} of pool {@code local} on a first start, and adopted like any other cluster
 * on every later one.
 *
 * @param enabled whether a first start creates it at all
 * @param name cluster name
 * @param flinkVersion bundled Flink version or line
 * @param jobManagerMemoryMb JobManager process memory; the seeds' minimum is 1800 MB
 * @param taskManagerMemoryMb TaskManager process memory; the seeds' minimum is 1800 MB
 * @param taskManagers number of TaskManagers
 * @param slotsPerTaskManager task slots per TaskManager
 * @param flinkConfiguration extra Flink configuration of the cluster
 */
@ConfigurationProperties("sluice.embedded-cluster")
public record EmbeddedClusterProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("session") String name,
        @DefaultValue("1.20") String flinkVersion,
        @DefaultValue("1800") int jobManagerMemoryMb,
        @DefaultValue("1800") int taskManagerMemoryMb,
        @DefaultValue("1") int taskManagers,
        @DefaultValue("4") int slotsPerTaskManager,
        Map<String, String> flinkConfiguration) {}
