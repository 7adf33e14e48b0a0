package dev.sluice.server.deploy.local;

import dev.sluice.server.deploy.ApplicationRun;
import dev.sluice.server.deploy.ClusterSpec;
import dev.sluice.server.deploy.SensitiveKeys;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a local Flink cluster should look like: a session cluster, or an application cluster when
 * {@code application} is set.
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
 * @param application the job an application-mode cluster runs, null for a session cluster
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
        Map<String, String> flinkConfiguration,
        Application application) {

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

    /** As the record's own, with secrets such as a storage account key masked. */
    @Override
    public String toString() {
        return ("LocalClusterSpec[name=%s, flinkVersion=%s, jobManagerMemoryMb=%d, jobManagerCpu=%s,"
                        + " taskManagerMemoryMb=%d, taskManagerCpu=%s, taskManagers=%d,"
                        + " slotsPerTaskManager=%d, flinkConfiguration=%s, application=%s]")
                .formatted(
                        name,
                        flinkVersion,
                        jobManagerMemoryMb,
                        jobManagerCpu,
                        taskManagerMemoryMb,
                        taskManagerCpu,
                        taskManagers,
                        slotsPerTaskManager,
                        SensitiveKeys.masked(flinkConfiguration),
                        application);
    }

    /** A session cluster. */
    public LocalClusterSpec(
            String name,
            String flinkVersion,
            int jobManagerMemoryMb,
            double jobManagerCpu,
            int taskManagerMemoryMb,
            double taskManagerCpu,
            int taskManagers,
            int slotsPerTaskManager,
            Map<String, String> flinkConfiguration) {
        this(
                name,
                flinkVersion,
                jobManagerMemoryMb,
                jobManagerCpu,
                taskManagerMemoryMb,
                taskManagerCpu,
                taskManagers,
                slotsPerTaskManager,
                flinkConfiguration,
                null);
    }

    /** This spec with another Flink configuration. */
    LocalClusterSpec withFlinkConfiguration(Map<String, String> newConfiguration) {
        return new LocalClusterSpec(
                name,
                flinkVersion,
                jobManagerMemoryMb,
                jobManagerCpu,
                taskManagerMemoryMb,
                taskManagerCpu,
                taskManagers,
                slotsPerTaskManager,
                newConfiguration,
                application);
    }

    /**
     * The local form of a port spec.
     *
     * @throws IllegalArgumentException when a local cluster cannot be run from it
     */
    static LocalClusterSpec of(ClusterSpec spec) {
        if (spec.jobManager() == null || spec.taskManager() == null) {
            throw new IllegalArgumentException(
                    "A local cluster needs the size of its JobManager and TaskManagers");
        }
        ApplicationRun run = spec.application();
        return new LocalClusterSpec(
                spec.deploymentId(),
                spec.flinkVersion(),
                spec.jobManager().memoryMb(),
                spec.jobManager().cpu(),
                spec.taskManager().memoryMb(),
                spec.taskManager().cpu(),
                spec.taskManagers(),
                spec.slotsPerTaskManager(),
                spec.flinkConfiguration(),
                run == null
                        ? null
                        : new Application(
                                localPath(run.jar()),
                                run.entryClass(),
                                run.args(),
                                run.flinkJobId(),
                                run.restorePath()));
    }

    // A local file as its path; a jar in remote storage (Azure) as its URI, fetched at start.
    private static String localPath(URI jar) {
        if (jar == null || jar.getScheme() == null) {
            throw new IllegalArgumentException(
                    "A local cluster runs a jar from a storage URI, not " + jar);
        }
        return "file".equals(jar.getScheme()) ? Path.of(jar).toString() : jar.toString();
    }

    /**
     * The one job of an application-mode cluster, run by its JobManager at start.
     *
     * @param jar the job jar in storage: a local path, or the URI of remote storage; the deployer
     *     copies it into the cluster's directory, so a later upload does not change what the
     *     cluster runs
     * @param entryClass the job's main class
     * @param args program arguments
     * @param jobId the Flink job id (32 hex) Sluice chose for this deployment
     * @param restorePath savepoint or checkpoint to restore, null for a fresh start
     */
    public record Application(
            String jar, String entryClass, List<String> args, String jobId, String restorePath) {

        private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");

        public Application {
            if (jar == null || entryClass == null || entryClass.isBlank()) {
                throw new IllegalArgumentException("An application needs a jar and an entry class");
            }
            if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
                throw new IllegalArgumentException("Job id '" + jobId + "' is not 32 hex digits");
            }
            args = args == null ? List.of() : List.copyOf(args);
        }

        /** True when the jar is in remote storage, given by URI rather than local path. */
        boolean remote() {
            return jar.contains("://");
        }

        /** The jar as the URI it was given by. */
        URI jarUri() {
            return remote() ? URI.create(jar) : Path.of(jar).toUri();
        }
    }
}
