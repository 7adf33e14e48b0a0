package dev.sluice.server.portal;

import dev.sluice.server.common.ApiException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The New cluster form: the cluster's name, storage and Flink version, seed 001's service
 * configuration (TaskManager, JobManager and HistoryServer CPU and memory) and, for an
 * application-mode cluster, its deployment (job jar directory, jar name, entry class, args,
 * savepoint name, upgrade mode, Flink job configuration). Values are kept as typed, so a refused
 * form comes back as sent.
 */
record ClusterForm(
        String name,
        String location,
        String deploymentMode,
        String flinkVersion,
        String storageUri,
        String restUrl,
        String numReplicas,
        String taskManagerCpu,
        String taskManagerMemory,
        String jobManagerCpu,
        String jobManagerMemory,
        String historyServerCpu,
        String historyServerMemory,
        String flinkConfiguration,
        String jobJarDirectory,
        String jarName,
        String entryClass,
        String args,
        String savePointName,
        String upgradeMode,
        String jobFlinkConfiguration) {

    static final String SESSION = "Session";
    static final String APPLICATION = "Application";

    /** The seed's upgrade modes of an application-mode job. */
    static final java.util.List<String> UPGRADE_MODES =
            java.util.List.of("UPDATE", "STATELESS_UPDATE", "LAST_STATE_UPDATE");

    /** Where each API target of a cluster PUT is shown on this form. */
    static final Map<String, String> FIELDS =
            Map.ofEntries(
                    Map.entry("location", "location"),
                    Map.entry("deploymentMode", "deploymentMode"),
                    Map.entry("flinkVersion", "flinkVersion"),
                    Map.entry("storage.storageUri", "storageUri"),
                    Map.entry("storage", "storageUri"),
                    Map.entry("restUrl", "restUrl"),
                    Map.entry("numReplicas", "numReplicas"),
                    Map.entry("taskManager.cpu", "taskManagerCpu"),
                    Map.entry("taskManager.memory", "taskManagerMemory"),
                    Map.entry("jobManager.cpu", "jobManagerCpu"),
                    Map.entry("jobManager.memory", "jobManagerMemory"),
                    Map.entry("historyServer.cpu", "historyServerCpu"),
                    Map.entry("historyServer.memory", "historyServerMemory"),
                    Map.entry("flinkConfiguration", "flinkConfiguration"),
                    Map.entry("jobSpec", "jarName"),
                    Map.entry("jobSpec.jobJarDirectory", "jobJarDirectory"),
                    Map.entry("jobSpec.jarName", "jarName"),
                    Map.entry("jobSpec.entryClass", "entryClass"),
                    Map.entry("jobSpec.args", "args"),
                    Map.entry("jobSpec.savePointName", "savePointName"),
                    Map.entry("jobSpec.upgradeMode", "upgradeMode"),
                    Map.entry("jobSpec.flinkConfiguration", "jobFlinkConfiguration"),
                    Map.entry("clusterName", "name"));

    ClusterForm {
        name = trim(name);
        location = trim(location);
        deploymentMode = APPLICATION.equalsIgnoreCase(trim(deploymentMode)) ? APPLICATION : SESSION;
        flinkVersion = trim(flinkVersion);
        storageUri = trim(storageUri);
        restUrl = trim(restUrl);
        numReplicas = trim(numReplicas);
        taskManagerCpu = trim(taskManagerCpu);
        taskManagerMemory = trim(taskManagerMemory);
        jobManagerCpu = trim(jobManagerCpu);
        jobManagerMemory = trim(jobManagerMemory);
        historyServerCpu = trim(historyServerCpu);
        historyServerMemory = trim(historyServerMemory);
        flinkConfiguration = flinkConfiguration == null ? "" : flinkConfiguration.strip();
        jobJarDirectory = trim(jobJarDirectory);
        jarName = trim(jarName);
        entryClass = trim(entryClass);
        args = trim(args);
        savePointName = trim(savePointName);
        upgradeMode = upgradeMode == null || upgradeMode.isBlank() ? "UPDATE" : upgradeMode.strip();
        jobFlinkConfiguration = jobFlinkConfiguration == null ? "" : jobFlinkConfiguration.strip();
    }

    /** An empty form of a mode, in the pool's location. */
    static ClusterForm blank(String mode, String location) {
        return new ClusterForm(
                null,
                location,
                mode,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                JobForm.DEFAULT_JAR_DIRECTORY,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    ClusterForm withStorageUri(String uri) {
        return new ClusterForm(
                name,
                location,
                deploymentMode,
                flinkVersion,
                uri,
                restUrl,
                numReplicas,
                taskManagerCpu,
                taskManagerMemory,
                jobManagerCpu,
                jobManagerMemory,
                historyServerCpu,
                historyServerMemory,
                flinkConfiguration,
                jobJarDirectory,
                jarName,
                entryClass,
                args,
                savePointName,
                upgradeMode,
                jobFlinkConfiguration);
    }

    public boolean application() {
        return APPLICATION.equals(deploymentMode);
    }

    /**
     * The body of the cluster PUT, as a client of the API would send it. Empty fields are left out
     * so the service applies its defaults; numbers that are not numbers are refused here with the
     * field named, as the API would refuse them.
     */
    Map<String, Object> toBody() {
        Map<String, Object> flink = new LinkedHashMap<>();
        flink.put("storage", Map.of("storageUri", storageUri));
        putIfPresent(flink, "flinkVersion", flinkVersion);
        putIfPresent(flink, "restUrl", restUrl);
        putIfPresent(flink, "numReplicas", integer(numReplicas, "numReplicas"));
        putIfPresent(flink, "jobManager", compute(jobManagerCpu, jobManagerMemory, "jobManager"));
        putIfPresent(
                flink, "taskManager", compute(taskManagerCpu, taskManagerMemory, "taskManager"));
        putIfPresent(
                flink,
                "historyServer",
                compute(historyServerCpu, historyServerMemory, "historyServer"));
        flink.put("deploymentMode", deploymentMode);
        Map<String, String> configuration =
                FlinkConfigurationText.parse(flinkConfiguration, "flinkConfiguration");
        if (!configuration.isEmpty()) {
            flink.put("flinkConfiguration", configuration);
        }
        if (application()) {
            Map<String, Object> jobSpec = new LinkedHashMap<>();
            putIfPresent(jobSpec, "jobJarDirectory", jobJarDirectory);
            putIfPresent(jobSpec, "jarName", jarName);
            putIfPresent(jobSpec, "entryClass", entryClass);
            putIfPresent(jobSpec, "args", args);
            putIfPresent(jobSpec, "savePointName", savePointName);
            jobSpec.put("upgradeMode", upgradeMode);
            Map<String, String> jobConfiguration =
                    FlinkConfigurationText.parse(
                            jobFlinkConfiguration, "jobSpec.flinkConfiguration");
            if (!jobConfiguration.isEmpty()) {
                jobSpec.put("flinkConfiguration", jobConfiguration);
            }
            flink.put("jobSpec", jobSpec);
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("clusterType", "Flink");
        properties.put("clusterProfile", Map.of("flinkProfile", flink));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("location", location);
        body.put("properties", properties);
        return body;
    }

    private static Map<String, Object> compute(String cpu, String memory, String process) {
        Map<String, Object> resource = new LinkedHashMap<>();
        putIfPresent(resource, "cpu", decimal(cpu, process + ".cpu"));
        putIfPresent(resource, "memory", integer(memory, process + ".memory"));
        return resource.isEmpty() ? null : resource;
    }

    private static Long integer(String value, String target) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Long.valueOf(value);
        } catch (NumberFormatException e) {
            throw notANumber(value, target, "a whole number");
        }
    }

    private static Double decimal(String value, String target) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(value).doubleValue();
        } catch (NumberFormatException e) {
            throw notANumber(value, target, "a number");
        }
    }

    private static ApiException notANumber(String value, String target, String expected) {
        return ApiException.badRequest(
                "InvalidRequestContent",
                "'" + value + "' is not " + expected,
                "properties.clusterProfile.flinkProfile." + target);
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value instanceof String text && text.isEmpty()) {
            return;
        }
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }
}
