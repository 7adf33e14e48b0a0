package dev.sluice.server.cluster;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a local Flink session cluster should look like.
 *
 * @param name cluster name, also its directory name under the data dir
 * @param flinkVersion a bundled Flink version or line ("1.20", "2.3.0")
 * @param jobManagerMemoryMb process memory of the JobManager
 * @param jobManagerCpu cores of the JobManager (informational for local processes)
 * @param taskManagerMemoryMb process memory of each TaskManager
 * @param taskManagerCpu cores of each TaskManager ({@code taskmanager.cpu.cores})
 * @param taskManagers number of TaskManager processes
 * @param slotsPerTaskManager task slots of each TaskManager
 * @param flinkConfiguration extra Flink configuration; wins over Sluice's generated keys
 */
public record LocalClusterSpec(
        String name,
        String flinkVersion,
        int jobManagerMemoryMb,
        double jobManagerCpu,
        int taskManagerMemoryMb,
        double taskManagerCpu,
        int taskManagers,
        int slotsPerTaskManager,
        Map<String, String> flinkConfiguration) {

    // The name becomes a directory name: keep it to a safe alphabet so it can never escape.
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public LocalClusterSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "Cluster name '" + name + "' must match " + NAME.pattern());
        }
        if (jobManagerMemoryMb <= 0 || taskManagerMemoryMb <= 0) {
            throw new IllegalArgumentException("Memory settings must be positive MB values");
        }
        if (taskManagers < 1 || slotsPerTaskManager < 1) {
            throw new IllegalArgumentException(
                    "A cluster needs at least one TaskManager with at least one slot");
        }
        if (jobManagerCpu <= 0 || taskManagerCpu <= 0) {
            throw new IllegalArgumentException("CPU settings must be positive");
        }
        flinkConfiguration = flinkConfiguration == null ? Map.of() : Map.copyOf(flinkConfiguration);
    }
}
