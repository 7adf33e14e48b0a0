package dev.sluice.server.deploy.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code ./sluice down}: stops every local cluster recorded under the data dir, without a server.
 */
public final class LocalClusterCommand {

    private LocalClusterCommand() {}

    /** Stops the clusters and prints what it did; returns the process exit code. */
    public static int down(String dataDir) {
        Path data = Path.of(dataDir == null || dataDir.isBlank() ? "data" : dataDir);
        // Stopping needs neither a runtime nor a REST client: only the recorded PIDs.
        LocalProcessDeployer deployer =
                new LocalProcessDeployer(
                        data,
                        new FlinkRuntimes(Path.of("flink-runtime/target")),
                        uri -> {
                            throw new IllegalStateException("no REST calls when stopping");
                        },
                        Duration.ZERO);
        List<String> stopped = deployer.stopAll();
        if (stopped.isEmpty()) {
            System.out.println(
                    "sluice: no local Flink cluster was running under " + data.toAbsolutePath());
        } else {
            stopped.forEach(
                    name -> System.out.println("sluice: stopped local Flink cluster " + name));
        }
        return 0;
    }
}
