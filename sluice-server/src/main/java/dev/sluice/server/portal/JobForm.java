package dev.sluice.server.portal;

import dev.sluice.api.FlinkJobProperties;
import dev.sluice.server.job.JobService;
import dev.sluice.server.job.JobViews;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The New job form of the seed: Job name, Jar path (directory and jar), Entry class, Args,
 * parallelism and savepoint.directory, as typed, so a refused form comes back as it was sent.
 */
record JobForm(
        String jobName,
        String jobJarDirectory,
        String jarName,
        String entryClass,
        String args,
        String parallelism,
        String savepointDirectory) {

    /** Where jars are looked for and uploaded to unless the user names another directory. */
    static final String DEFAULT_JAR_DIRECTORY = "jars";

    static final String DEFAULT_PARALLELISM = "2";

    /** Where each API target of a NEW is shown on this form. */
    static final Map<String, String> FIELDS =
            Map.of(
                    "jobName",
                    "jobName",
                    "jobJarDirectory",
                    "jobJarDirectory",
                    "jarName",
                    "jarName",
                    "entryClass",
                    "entryClass",
                    "args",
                    "args",
                    JobService.PARALLELISM,
                    "parallelism",
                    JobService.SAVEPOINT_DIRECTORY,
                    "savepointDirectory",
                    "flinkConfiguration",
                    "savepointDirectory");

    JobForm {
        jobName = trim(jobName);
        jobJarDirectory =
                jobJarDirectory == null || jobJarDirectory.isBlank()
                        ? DEFAULT_JAR_DIRECTORY
                        : jobJarDirectory.strip();
        jarName = trim(jarName);
        entryClass = trim(entryClass);
        args = trim(args);
        parallelism =
                parallelism == null || parallelism.isBlank()
                        ? DEFAULT_PARALLELISM
                        : parallelism.strip();
        savepointDirectory = trim(savepointDirectory);
    }

    static JobForm empty() {
        return new JobForm(null, null, null, null, null, null, null);
    }

    JobForm withJarName(String name) {
        return new JobForm(
                jobName, jobJarDirectory, name, entryClass, args, parallelism, savepointDirectory);
    }

    /** The runJob body of a NEW: empty fields left out, so the service applies its defaults. */
    FlinkJobProperties toProperties() {
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put(JobService.PARALLELISM, parallelism);
        if (!savepointDirectory.isEmpty()) {
            configuration.put(JobService.SAVEPOINT_DIRECTORY, savepointDirectory);
        }
        return new FlinkJobProperties(
                JobViews.JOB_TYPE,
                jobName,
                "NEW",
                jobJarDirectory,
                jarName,
                orNull(entryClass),
                orNull(args),
                null,
                configuration,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }

    private static String orNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
