package dev.sluice.client;

import dev.sluice.api.FlinkJobProperties;
import dev.sluice.api.JobActionType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the properties of a runJob call. Only what is set is sent, so an UPDATE without {@code
 * args} keeps the job's arguments.
 *
 * <pre>{@code
 * FlinkJobProperties update =
 *         JobRequest.of(JobActionType.UPDATE, "counter").args("--output /tmp/out").build();
 * }</pre>
 */
public final class JobRequest {

    private final JobActionType action;
    private final String jobName;
    private String jobJarDirectory;
    private String jarName;
    private String entryClass;
    private String args;
    private String savePointName;
    private Map<String, String> flinkConfiguration;

    private JobRequest(JobActionType action, String jobName) {
        this.action = Objects.requireNonNull(action, "action");
        this.jobName = Objects.requireNonNull(jobName, "jobName");
    }

    /** A request for {@code action} on the job {@code jobName}. */
    public static JobRequest of(JobActionType action, String jobName) {
        return new JobRequest(action, jobName);
    }

    /** A NEW job running {@code jarName} from {@code jobJarDirectory}. */
    public static JobRequest newJob(String jobName, String jobJarDirectory, String jarName) {
        return of(JobActionType.NEW, jobName).jar(jobJarDirectory, jarName);
    }

    /** The jar's directory URI in the cluster's storage and its file name. */
    public JobRequest jar(String jobJarDirectory, String jarName) {
        this.jobJarDirectory = jobJarDirectory;
        this.jarName = jarName;
        return this;
    }

    /** The main class; optional when the jar's manifest names one. */
    public JobRequest entryClass(String entryClass) {
        this.entryClass = entryClass;
        return this;
    }

    /** The program arguments, space separated. */
    public JobRequest args(String args) {
        this.args = args;
        return this;
    }

    /** The savepoint a START or UPDATE runs from: a name in the job's directory, or a path. */
    public JobRequest savepointName(String savePointName) {
        this.savePointName = savePointName;
        return this;
    }

    /** Flink options for the job ({@code parallelism}, {@code savepoint.directory}, ...). */
    public JobRequest flinkConfiguration(Map<String, String> flinkConfiguration) {
        this.flinkConfiguration =
                flinkConfiguration == null ? null : new LinkedHashMap<>(flinkConfiguration);
        return this;
    }

    /** The action asked for. */
    public JobActionType action() {
        return action;
    }

    /** The job's name. */
    public String jobName() {
        return jobName;
    }

    /** The wire properties ({@code jobType: FlinkJob}). */
    public FlinkJobProperties build() {
        return new FlinkJobProperties(
                "FlinkJob",
                jobName,
                action.name(),
                jobJarDirectory,
                jarName,
                entryClass,
                args,
                savePointName,
                flinkConfiguration == null || flinkConfiguration.isEmpty()
                        ? null
                        : Collections.unmodifiableMap(new LinkedHashMap<>(flinkConfiguration)),
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
