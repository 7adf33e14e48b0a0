package dev.sluice.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The example job as both sides run it: same arguments, parallelism 1, no restarts, and Sluice's
 * added checkpoint settings given to the raw run explicitly.
 *
 * @param output the job's output directory
 * @param failMarker the file whose existence makes the job fail, or null
 * @param checkpoints where the raw run keeps its checkpoints (Sluice picks its own)
 */
record CounterSpec(Path output, Path failMarker, Path checkpoints) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    int parallelism() {
        return 1;
    }

    List<String> argList() {
        List<String> args =
                new ArrayList<>(
                        List.of("--output", output.toString(), "--rate", "20", "--keys", "2"));
        if (failMarker != null) {
            args.add("--fail-marker");
            args.add(failMarker.toString());
        }
        return args;
    }

    /** What the job's runJob body carries; Sluice adds the checkpoint keys itself. */
    Map<String, String> sluiceFlinkConfiguration() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("parallelism", Integer.toString(parallelism()));
        config.put("restart-strategy.type", "none");
        return config;
    }

    /** The same configuration a Sluice submission ends up with (see FlinkSteps). */
    Map<String, String> rawFlinkConfiguration() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("restart-strategy.type", "none");
        config.put("execution.checkpointing.dir", checkpoints.toUri().toString());
        config.put(
                "execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION");
        config.put("execution.checkpointing.interval", "60000ms");
        return config;
    }

    /** The runJob body of action NEW for a job of this spec. */
    String newJobBody(String jobName, Path jarDirectory) {
        ObjectNode properties = JSON.createObjectNode();
        properties.put("jobType", "FlinkJob");
        properties.put("jobName", jobName);
        properties.put("action", "NEW");
        properties.put("jobJarDirectory", jarDirectory.toUri().toString());
        properties.put("jarName", "counter.jar");
        properties.put("entryClass", Repo.ENTRY_CLASS);
        properties.put("args", String.join(" ", argList()));
        properties.set("flinkConfiguration", JSON.valueToTree(sluiceFlinkConfiguration()));
        ObjectNode body = JSON.createObjectNode();
        body.set("properties", properties);
        return JSON.writeValueAsString(body);
    }

    /** The runJob body of an action that takes no parameters (STOP, START, UPDATE, ...). */
    static String actionBody(String jobName, String action) {
        ObjectNode properties = JSON.createObjectNode();
        properties.put("jobType", "FlinkJob");
        properties.put("jobName", jobName);
        properties.put("action", action);
        ObjectNode body = JSON.createObjectNode();
        body.set("properties", properties);
        return JSON.writeValueAsString(body);
    }
}
