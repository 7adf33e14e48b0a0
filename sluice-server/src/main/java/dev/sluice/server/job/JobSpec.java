package dev.sluice.server.job;

import java.util.Map;

/**
 * What a job runs: the jar, its entry class and arguments, and the job's Flink configuration.
 *
 * @param jarDirectory jobJarDirectory URI
 * @param jarName jar file name inside the directory
 * @param entryClass main class
 * @param args program arguments, space separated as the seeds say
 * @param flinkConfiguration the job's flinkConfiguration (parallelism, savepoint.directory, ...)
 */
public record JobSpec(
        String jarDirectory,
        String jarName,
        String entryClass,
        String args,
        Map<String, String> flinkConfiguration) {

    public JobSpec {
        flinkConfiguration = flinkConfiguration == null ? Map.of() : Map.copyOf(flinkConfiguration);
    }

    public JobSpec withArgs(String newArgs) {
        return new JobSpec(jarDirectory, jarName, entryClass, newArgs, flinkConfiguration);
    }

    public JobSpec withJar(String directory, String name, String mainClass) {
        return new JobSpec(directory, name, mainClass, args, flinkConfiguration);
    }
}
