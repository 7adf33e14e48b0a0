package dev.sluice.cli;

import dev.sluice.client.ClusterRef;
import dev.sluice.client.JobRequest;
import dev.sluice.client.SluiceClient;
import dev.sluice.client.UploadedJar;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sluice job new}: submits a new job (NEW), optionally uploading its jar first. */
@Command(
        name = "new",
        mixinStandardHelpOptions = true,
        description = {
            "Submits a new job from a jar in the cluster's storage (NEW).",
            "The jar is one that `sluice jar upload` put there, or the --jar-file that this",
            "command uploads first."
        },
        footer = {
            "",
            "Examples:",
            "  sluice job new counter --jar counter.jar --entry-class dev.example.Main \\",
            "      --args \"--output /tmp/counts\" --parallelism 1 --wait",
            "  sluice job new counter --jar-file target/counter.jar --wait"
        })
final class JobNewCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "JOB", description = "The job's name: lower case, unique per cluster")
    String name;

    @Option(
            names = "--jar",
            paramLabel = "NAME",
            description = "The jar's file name in storage (default: the --jar-file's name)")
    String jar;

    @Option(
            names = "--jar-file",
            paramLabel = "FILE",
            description = "A local jar to upload first (as --jar, into --jar-directory)")
    Path jarFile;

    @Option(
            names = "--jar-directory",
            paramLabel = "URI",
            description =
                    "The jar's directory, relative to the cluster's storage or a URI (default: jars)")
    String jarDirectory;

    @Option(
            names = "--entry-class",
            paramLabel = "CLASS",
            description = "The main class (default: the jar manifest's Main-Class)")
    String entryClass;

    @Option(
            names = "--args",
            paramLabel = "ARGS",
            description = "Program arguments, space separated")
    String args;

    @Option(names = "--parallelism", paramLabel = "N", description = "Job parallelism (default: 2)")
    Integer parallelism;

    @Option(
            names = {"-D", "--flink-config"},
            paramLabel = "KEY=VALUE",
            description = "A Flink option for the job, e.g. savepoint.directory; repeatable")
    Map<String, String> flinkConfiguration = new LinkedHashMap<>();

    @Mixin WaitOptions wait;

    @Override
    public Integer call() {
        SluiceCommand root = SluiceCommand.of(spec);
        if (jar == null && jarFile == null) {
            throw new ParameterException(spec.commandLine(), "Give --jar or --jar-file");
        }
        SluiceClient client = root.client();
        ClusterRef cluster = root.clusterRef();
        String jarName = jar != null ? jar : jarFile.getFileName().toString();
        String directory = jarDirectory;
        if (jarFile != null) {
            UploadedJar uploaded = client.jars().upload(cluster, jarFile, jarName, jarDirectory);
            root.env()
                    .err()
                    .println(
                            "Uploaded "
                                    + jarFile
                                    + " to "
                                    + uploaded.jobJarDirectory()
                                    + "/"
                                    + uploaded.jarName());
            directory = uploaded.jobJarDirectory();
            jarName = uploaded.jarName();
        } else if (directory == null) {
            // Relative to the cluster's storage root: where `sluice jar upload` puts jars.
            directory = "jars";
        }
        Map<String, String> config = new LinkedHashMap<>(flinkConfiguration);
        if (parallelism != null) {
            config.put("parallelism", parallelism.toString());
        }
        JobRequest request =
                JobRequest.newJob(name, directory, jarName)
                        .entryClass(entryClass)
                        .args(args)
                        .flinkConfiguration(config);
        return new JobRunner(root).run(request, wait);
    }
}
