package dev.sluice.cli;

import dev.sluice.client.UploadedJar;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sluice jar upload}: puts a job jar into the cluster's storage. */
@Command(
        name = "jar",
        mixinStandardHelpOptions = true,
        description = "Uploads job jars into a cluster's storage.",
        footer = {"", "Example:", "  sluice jar upload target/my-job.jar -c flink1"})
final class JarCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Name a command: upload");
    }

    @Command(
            name = "upload",
            mixinStandardHelpOptions = true,
            description = {
                "Uploads a jar into the cluster's storage.",
                "It goes into the jars directory unless --directory says otherwise. A jar of the",
                "same name is replaced: UPDATE then runs the new one."
            },
            footer = {
                "",
                "Example:",
                "  sluice jar upload target/counter-v2.jar --name counter.jar -c flink1",
                "  sluice job update counter -c flink1 --wait"
            })
    int upload(
            @Parameters(paramLabel = "FILE", description = "The jar file") Path file,
            @Option(
                            names = "--name",
                            paramLabel = "NAME",
                            description = "Store it under this name (default: the file's name)")
                    String name,
            @Option(
                            names = "--directory",
                            paramLabel = "DIR",
                            description =
                                    "A directory in the cluster's storage, relative or as a URI"
                                            + " (default: jars)")
                    String directory) {
        SluiceCommand root = SluiceCommand.of(spec);
        UploadedJar jar =
                root.client()
                        .jars()
                        .upload(
                                root.clusterRef(),
                                file,
                                name == null ? file.getFileName().toString() : name,
                                directory);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("jobJarDirectory", jar.jobJarDirectory());
        fields.put("jarName", jar.jarName());
        fields.put("size", jar.size());
        root.printer().resource(jar, fields);
        return SluiceCli.OK;
    }
}
