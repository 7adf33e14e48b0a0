package dev.sluice.cli;

import dev.sluice.api.Cluster;
import dev.sluice.client.ClusterRef;
import dev.sluice.client.Operation;
import dev.sluice.client.SluiceClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sluice cluster create|list|show|delete}: Flink session clusters of a pool. */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description = "Creates, lists, shows and deletes Flink clusters of a pool.",
        subcommands = ClusterCreateCommand.class,
        footer = {"", "Example:", "  sluice cluster list -p pool1"})
final class ClusterCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(), "Name a command: create, list, show, delete");
    }

    private SluiceCommand root() {
        return SluiceCommand.of(spec);
    }

    private ClusterRef ref(String name) {
        return root().poolRef().cluster(name == null ? root().clusterName() : name);
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Lists the clusters of the pool.",
            footer = {"", "Example:", "  sluice cluster list -p pool1"})
    int list() {
        SluiceCommand root = root();
        List<Cluster> clusters = root.client().clusters().list(root.poolRef());
        root.printer()
                .list(
                        clusters,
                        List.of("NAME", "STATE", "STATUS", "FLINK", "REST-URL"),
                        clusters.stream().map(ClusterCommand::row).toList());
        return SluiceCli.OK;
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Shows one cluster.",
            footer = {"", "Example:", "  sluice cluster show flink1 -p pool1"})
    int show(
            @Parameters(
                            arity = "0..1",
                            paramLabel = "NAME",
                            description = "The cluster (default: --cluster)")
                    String name) {
        show(root(), root().client().clusters().get(ref(name)));
        return SluiceCli.OK;
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = {
                "Deletes a cluster; refused while jobs run on it.",
                "Stops the Flink processes Sluice runs for it and removes its jobs' records."
            },
            footer = {"", "Example:", "  sluice cluster delete flink1 -p pool1 --wait"})
    int delete(
            @Parameters(
                            arity = "0..1",
                            paramLabel = "NAME",
                            description = "The cluster (default: --cluster)")
                    String name,
            @Mixin WaitOptions wait) {
        ClusterRef ref = ref(name);
        SluiceClient client = root().client();
        Operation<Void> operation = client.clusters().beginDelete(ref);
        if (operation.done()) {
            root().printer().line("No cluster " + ref.cluster() + " to delete");
            return SluiceCli.OK;
        }
        if (!wait.wait) {
            root().printer()
                    .line(
                            "Deleting cluster "
                                    + ref.cluster()
                                    + " (operation "
                                    + operation.id()
                                    + ")");
            return SluiceCli.OK;
        }
        ProgressLine line = root().progress();
        try {
            client.operations()
                    .await(
                            operation,
                            wait.timeout,
                            p -> line.update("deleting cluster " + ref.cluster(), p.elapsed()));
        } finally {
            line.end();
        }
        root().printer().line("Deleted cluster " + ref.cluster());
        return SluiceCli.OK;
    }

    static List<Object> row(Cluster cluster) {
        Cluster.Properties p = cluster.properties();
        Cluster.FlinkProfile flink = flinkProfile(cluster);
        return List.of(
                cluster.name(),
                p == null ? "" : String.valueOf(p.provisioningState()),
                p == null ? "" : String.valueOf(p.status()),
                flink == null || flink.flinkVersion() == null ? "" : flink.flinkVersion(),
                flink == null || flink.restUrl() == null ? "" : flink.restUrl());
    }

    static Cluster.FlinkProfile flinkProfile(Cluster cluster) {
        Cluster.Properties p = cluster.properties();
        return p == null || p.clusterProfile() == null ? null : p.clusterProfile().flinkProfile();
    }

    static void show(SluiceCommand root, Cluster cluster) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", cluster.name());
        fields.put("id", cluster.id());
        fields.put("location", cluster.location());
        Cluster.Properties p = cluster.properties();
        if (p != null) {
            fields.put("provisioningState", p.provisioningState());
            fields.put("status", p.status());
            fields.put("statusReason", p.statusReason());
            fields.put("deploymentId", p.deploymentId());
        }
        Cluster.FlinkProfile flink = flinkProfile(cluster);
        if (flink != null) {
            fields.put("flinkVersion", flink.flinkVersion());
            fields.put("restUrl", flink.restUrl());
            fields.put("storage", flink.storage() == null ? null : flink.storage().storageUri());
            fields.put("jobManager", memory(flink.jobManager()));
            fields.put("taskManager", memory(flink.taskManager()));
            fields.put("taskManagers", flink.numReplicas());
            fields.put(
                    "flinkConfiguration",
                    flink.flinkConfiguration() == null || flink.flinkConfiguration().isEmpty()
                            ? null
                            : new TreeMap<>(flink.flinkConfiguration()));
        }
        fields.put(
                "tags", cluster.tags() == null || cluster.tags().isEmpty() ? null : cluster.tags());
        root.printer().resource(cluster, fields);
    }

    private static String memory(Cluster.ComputeResource resource) {
        if (resource == null) {
            return null;
        }
        return (resource.cpu() == null ? "" : resource.cpu() + " cpu, ")
                + (resource.memory() == null ? "" : resource.memory() + " MB");
    }
}
