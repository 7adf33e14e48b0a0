package dev.sluice.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Creates the benchmark's pool and clusters through Sluice's cluster API. */
final class Clusters {

    private static final Duration PROVISION_TIMEOUT = Duration.ofMinutes(3);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SluiceApi api;

    Clusters(SluiceApi api) {
        this.api = api;
    }

    void createPool() {
        api.put(SluiceApi.POOL, "{\"location\":\"local\"}").expect(200, 201);
    }

    /**
     * A session cluster Sluice runs as local processes: one JobManager and one TaskManager of 1024
     * MB each, two slots, 64 MB managed memory, plus {@code flinkConfiguration}. Returns its Flink
     * REST URL once it runs.
     */
    String createLocal(String name, Path storage, Map<String, String> flinkConfiguration) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("taskmanager.memory.managed.size", "64m");
        config.put("taskmanager.numberOfTaskSlots", "2");
        config.putAll(flinkConfiguration);
        String body =
                """
                {"location":"local","properties":{"clusterType":"Flink","clusterProfile":{"flinkProfile":{
                  "storage":{"storageUri":"%s"},
                  "jobManager":{"cpu":1,"memory":1024},"taskManager":{"cpu":1,"memory":1024},
                  "numReplicas":1,"flinkVersion":"1.20","flinkConfiguration":%s}}}}
                """
                        .formatted(storage.toUri(), JSON.writeValueAsString(config));
        api.put(SluiceApi.cluster(name), body).expect(200, 201);
        return awaitProvisioned(name);
    }

    /** Deletes a cluster (a local one's processes stop) and waits until it is gone. */
    void delete(String name) {
        api.delete(SluiceApi.cluster(name)).expect(200, 202, 204);
        long deadline = System.nanoTime() + PROVISION_TIMEOUT.toNanos();
        while (api.get(SluiceApi.cluster(name)).status() != 404) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Cluster " + name + " was not deleted in time");
            }
            Pause.of(Duration.ofMillis(250));
        }
    }

    /** A cluster Sluice only reaches by REST URL; it starts no process for it. */
    void createExternal(String name, Path storage, String restUrl) {
        String body =
                """
                {"location":"local","properties":{"clusterType":"Flink","clusterProfile":{"flinkProfile":{
                  "storage":{"storageUri":"%s"},"flinkVersion":"1.20","restUrl":"%s"}}}}
                """
                        .formatted(storage.toUri(), restUrl);
        api.put(SluiceApi.cluster(name), body).expect(200, 201);
    }

    /** Waits until the cluster is Succeeded; returns its Flink REST URL. */
    String awaitProvisioned(String name) {
        long deadline = System.nanoTime() + PROVISION_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode properties =
                    api.get(SluiceApi.cluster(name)).expect(200).json().path("properties");
            String state = properties.path("provisioningState").asString();
            if (state.equals("Succeeded")) {
                return properties
                        .path("clusterProfile")
                        .path("flinkProfile")
                        .path("restUrl")
                        .asString();
            }
            if (state.equals("Failed")) {
                throw new IllegalStateException(
                        "Cluster "
                                + name
                                + " failed: "
                                + properties.path("statusReason").asString());
            }
            Pause.of(Duration.ofMillis(250));
        }
        throw new IllegalStateException("Cluster " + name + " was not provisioned in time");
    }
}
