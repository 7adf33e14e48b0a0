package dev.sluice.cli;

import dev.sluice.api.Cluster;
import dev.sluice.client.ClusterRef;
import dev.sluice.client.Operation;
import dev.sluice.client.SluiceClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice cluster create}: a session cluster that Sluice runs as local processes, or an
 * external Flink cluster it reaches by REST URL.
 */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = {
            "Creates a Flink session cluster and (with --wait) waits until it is up.",
            "Without --rest-url Sluice starts the Flink processes itself. On an existing",
            "cluster it changes the tags and the Flink configuration."
        },
        footer = {
            "",
            "Examples:",
            "  sluice cluster create flink1 -p pool1 --storage file:///srv/flink --wait",
            "  sluice cluster create ext -p pool1 --storage /srv/ext"
                    + " --rest-url http://flink-jm:8081 --wait"
        })
final class ClusterCreateCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(
            arity = "0..1",
            paramLabel = "NAME",
            description = "The cluster (default: --cluster)")
    String name;

    @Option(
            names = "--storage",
            required = true,
            paramLabel = "URI",
            description = "Where jars, savepoints and checkpoints go: file:///path or /path")
    String storage;

    @Option(
            names = "--location",
            defaultValue = "local",
            paramLabel = "LOCATION",
            description = "Its location (default: ${DEFAULT-VALUE})")
    String location;

    @Option(
            names = "--flink-version",
            paramLabel = "VERSION",
            description = "A bundled Flink version, 1.20 or 2.3 (default: the server's, 1.20)")
    String flinkVersion;

    @Option(
            names = "--rest-url",
            paramLabel = "URL",
            description = "An external Flink cluster's REST URL; Sluice then starts nothing")
    String restUrl;

    @Option(
            names = "--job-manager-memory",
            paramLabel = "MB",
            description = "JobManager process memory")
    Long jobManagerMemory;

    @Option(
            names = "--task-manager-memory",
            paramLabel = "MB",
            description = "TaskManager process memory")
    Long taskManagerMemory;

    @Option(names = "--task-managers", paramLabel = "N", description = "Number of TaskManagers")
    Integer taskManagers;

    @Option(names = "--slots", paramLabel = "N", description = "Task slots per TaskManager")
    Integer slots;

    @Option(
            names = {"-D", "--flink-config"},
            paramLabel = "KEY=VALUE",
            description = "A cluster-wide Flink option; repeatable")
    Map<String, String> flinkConfiguration = new LinkedHashMap<>();

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag; repeatable")
    Map<String, String> tags;

    @Mixin WaitOptions wait;

    @Override
    public Integer call() {
        SluiceCommand root = SluiceCommand.of(spec);
        ClusterRef ref = root.poolRef().cluster(name == null ? root.clusterName() : name);
        Map<String, String> config = new LinkedHashMap<>(flinkConfiguration);
        if (slots != null) {
            config.put("taskmanager.numberOfTaskSlots", slots.toString());
        }
        Cluster.FlinkProfile profile =
                new Cluster.FlinkProfile(
                        new Cluster.Storage(storage, null),
                        jobManagerMemory == null
                                ? null
                                : new Cluster.ComputeResource(null, jobManagerMemory),
                        taskManagerMemory == null
                                ? null
                                : new Cluster.ComputeResource(null, taskManagerMemory),
                        null,
                        taskManagers,
                        null,
                        flinkVersion,
                        restUrl,
                        config.isEmpty() ? null : config);
        Cluster body =
                new Cluster(
                        null,
                        null,
                        null,
                        location,
                        tags,
                        new Cluster.Properties(
                                null,
                                "Flink",
                                null,
                                null,
                                null,
                                new Cluster.ClusterProfile(null, null, profile)));
        SluiceClient client = root.client();
        Operation<Cluster> operation = client.clusters().beginPut(ref, body);
        Cluster cluster = operation.accepted();
        if (wait.wait && !operation.done()) {
            ProgressLine line = root.progress();
            try {
                cluster =
                        client.operations()
                                .await(
                                        operation,
                                        wait.timeout,
                                        p -> line.update(state(client, ref), p.elapsed()));
            } finally {
                line.end();
            }
        }
        ClusterCommand.show(root, cluster);
        return SluiceCli.OK;
    }

    /** What the cluster is doing, for the progress line; a failed look is not worth failing. */
    private static String state(SluiceClient client, ClusterRef ref) {
        try {
            Cluster.Properties p = client.clusters().get(ref).properties();
            return "cluster "
                    + ref.cluster()
                    + ": "
                    + p.provisioningState()
                    + (p.status() == null ? "" : ", " + p.status());
        } catch (RuntimeException e) {
            return "cluster " + ref.cluster() + ": provisioning";
        }
    }
}
