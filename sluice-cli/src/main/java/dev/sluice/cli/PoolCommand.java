package dev.sluice.cli;

import dev.sluice.api.ClusterPool;
import dev.sluice.client.PoolRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sluice pool create|list|show|delete}: cluster pools. */
@Command(
        name = "pool",
        mixinStandardHelpOptions = true,
        description = "Creates, lists, shows and deletes cluster pools.",
        footer = {"", "Example:", "  sluice pool create pool1 --location local"})
final class PoolCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(), "Name a command: create, list, show, delete");
    }

    private SluiceCommand root() {
        return SluiceCommand.of(spec);
    }

    private PoolRef ref(String name) {
        SluiceCommand root = root();
        return new PoolRef(
                root.subscription(), root.resourceGroup(), name == null ? root.poolName() : name);
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Creates a pool, or updates its tags.",
            footer = {
                "",
                "Example:",
                "  sluice pool create pool1 --location local --tag team=data"
            })
    int create(
            @Parameters(
                            arity = "0..1",
                            paramLabel = "NAME",
                            description = "The pool (default: --pool)")
                    String name,
            @Option(
                            names = "--location",
                            defaultValue = "local",
                            paramLabel = "LOCATION",
                            description = "Its location (default: ${DEFAULT-VALUE})")
                    String location,
            @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag; repeatable")
                    Map<String, String> tags) {
        ClusterPool pool =
                root().client()
                        .pools()
                        .put(ref(name), new ClusterPool(null, null, null, location, tags, null));
        show(pool);
        return SluiceCli.OK;
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Lists the pools of the resource group, or of the subscription.",
            footer = {"", "Example:", "  sluice pool list --all"})
    int list(
            @Option(
                            names = "--all",
                            description = "Every pool of the subscription, not only the group's")
                    boolean all) {
        SluiceCommand root = root();
        List<ClusterPool> pools =
                root.client().pools().list(root.subscription(), all ? null : root.resourceGroup());
        root.printer()
                .list(
                        pools,
                        List.of("NAME", "LOCATION", "STATE", "ID"),
                        pools.stream()
                                .map(
                                        p ->
                                                List.<Object>of(
                                                        p.name(),
                                                        String.valueOf(p.location()),
                                                        p.properties() == null
                                                                ? ""
                                                                : String.valueOf(
                                                                        p.properties()
                                                                                .provisioningState()),
                                                        String.valueOf(p.id())))
                                .toList());
        return SluiceCli.OK;
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Shows one pool.",
            footer = {"", "Example:", "  sluice pool show pool1"})
    int show(
            @Parameters(
                            arity = "0..1",
                            paramLabel = "NAME",
                            description = "The pool (default: --pool)")
                    String name) {
        show(root().client().pools().get(ref(name)));
        return SluiceCli.OK;
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Deletes a pool; it must hold no cluster.",
            footer = {"", "Example:", "  sluice pool delete pool1"})
    int delete(
            @Parameters(
                            arity = "0..1",
                            paramLabel = "NAME",
                            description = "The pool (default: --pool)")
                    String name) {
        PoolRef ref = ref(name);
        boolean deleted = root().client().pools().delete(ref);
        root().printer()
                .line(
                        deleted
                                ? "Deleted pool " + ref.pool()
                                : "No pool " + ref.pool() + " to delete");
        return SluiceCli.OK;
    }

    private void show(ClusterPool pool) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", pool.name());
        fields.put("id", pool.id());
        fields.put("location", pool.location());
        if (pool.properties() != null) {
            fields.put("provisioningState", pool.properties().provisioningState());
            fields.put("status", pool.properties().status());
        }
        fields.put("tags", pool.tags() == null || pool.tags().isEmpty() ? null : pool.tags());
        root().printer().resource(pool, fields);
    }
}
