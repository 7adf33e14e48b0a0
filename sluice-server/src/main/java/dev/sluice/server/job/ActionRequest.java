package dev.sluice.server.job;

import dev.sluice.api.FlinkJobProperties;
import dev.sluice.api.JobActionType;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.savepoint.SavepointCatalog;
import dev.sluice.server.storage.JarFiles;
import dev.sluice.server.storage.StorageLocation;
import dev.sluice.server.storage.StorageRoots;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The rules of a runJob request for an action on an existing job, checked before it is stored. */
final class ActionRequest {

    private ActionRequest() {}

    /** The action a request names, or a 400 listing the actions. */
    static JobActionType type(String action) {
        if (action == null || action.isBlank()) {
            throw ApiException.badRequest(
                    "InvalidRequestContent",
                    "properties.action is required; one of " + actionNames(),
                    "properties.action");
        }
        try {
            return JobActionType.valueOf(action.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(
                    "InvalidAction",
                    "Unknown action " + quote(action) + "; one of " + actionNames(),
                    "properties.action");
        }
    }

    private static String actionNames() {
        return Arrays.stream(JobActionType.values())
                .map(Enum::name)
                .collect(Collectors.joining(", "));
    }

    /**
     * Refuses an action whose jar or savepoint is gone before anything stops: a restart needs the
     * jar as it is now in storage, a START (or an UPDATE of a stopped job) a savepoint.
     */
    static void requireUsable(
            StorageRoots roots, Job job, FlinkJobProperties request, JobActionType type) {
        boolean restarts =
                type == JobActionType.START
                        || type == JobActionType.UPDATE
                        || type == JobActionType.STATELESS_UPDATE
                        || type == JobActionType.LAST_STATE_UPDATE
                        || type == JobActionType.RE_LAUNCH;
        if (restarts) {
            // The jar as it is now in storage: refuse before stopping anything if it is gone.
            JarFiles.requireJar(roots, job.spec().jarDirectory(), job.spec().jarName());
        }
        boolean usesSavepoint =
                type == JobActionType.START
                        || (type == JobActionType.UPDATE
                                && job.run().status() == JobStatus.STOPPED);
        if (usesSavepoint) {
            StorageLocation directory =
                    roots.resolve(
                            job.spec().flinkConfiguration().get(JobService.SAVEPOINT_DIRECTORY),
                            JobService.SAVEPOINT_DIRECTORY);
            if (request.savePointName() != null && !request.savePointName().isBlank()) {
                SavepointCatalog.resolve(roots, directory, request.savePointName());
            } else if (job.restorePoints().savepoint() == null) {
                throw ApiException.badRequest(
                        "SavepointNotFound",
                        "Job '"
                                + job.name()
                                + "' has no last savepoint; name one in properties.savePointName"
                                + " (LIST_SAVEPOINT shows them)",
                        "properties.savePointName");
            }
        }
    }

    /** What the action was asked with, as its history shows it. */
    static Map<String, String> parameters(FlinkJobProperties request) {
        Map<String, String> parameters = new LinkedHashMap<>();
        putIfPresent(parameters, "args", request.args());
        putIfPresent(parameters, "savePointName", request.savePointName());
        putIfPresent(parameters, "jobJarDirectory", request.jobJarDirectory());
        putIfPresent(parameters, "jarName", request.jarName());
        putIfPresent(parameters, "entryClass", request.entryClass());
        return parameters;
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }

    private static String quote(String value) {
        return value == null ? "null" : "'" + value + "'";
    }
}
