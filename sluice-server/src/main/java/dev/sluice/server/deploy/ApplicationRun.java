package dev.sluice.server.deploy;

import java.net.URI;
import java.util.List;

/**
 * The one job an Application-mode cluster runs from its start: a new run (another Flink job id)
 * deploys the cluster again.
 *
 * @param jar the job jar in storage; a target copies what it needs, so a later upload does not
 *     change what runs
 * @param entryClass the job's main class
 * @param args program arguments
 * @param flinkJobId the Flink job id (32 hex) Sluice chose for this run
 * @param restorePath savepoint or checkpoint to restore, null for a fresh start
 */
public record ApplicationRun(
        URI jar, String entryClass, List<String> args, String flinkJobId, String restorePath) {

    public ApplicationRun {
        args = args == null ? List.of() : List.copyOf(args);
    }
}
