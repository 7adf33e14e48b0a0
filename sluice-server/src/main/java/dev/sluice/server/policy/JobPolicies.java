package dev.sluice.server.policy;

import dev.sluice.server.job.AlertOutbox;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.UpdateRollback;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The policies in force for a job, read from its {@code sluice.*} keys as the rounds read them, in
 * words for its GET and its portal page: what a value that does not parse turned off is named under
 * {@code ignored}.
 */
public final class JobPolicies {

    private static final String DISPOSE_ON_DELETE = "sluice.savepoint.dispose-on-delete";

    private JobPolicies() {}

    /**
     * @param webhook where the job's alerts go ({@link AlertOutbox#webhookOf}), its own or its
     *     cluster's
     */
    public static Map<String, String> inForce(Job job, Optional<AlertOutbox.Webhook> webhook) {
        Map<String, String> keys = job.spec().flinkConfiguration();
        JobPolicy savepoints = JobPolicy.of(job);
        RestartPolicy restarts = RestartPolicy.of(job);
        Map<String, String> shown = new LinkedHashMap<>();
        if (savepoints.savepointInterval() != null) {
            shown.put("periodicSavepoints", "every " + savepoints.savepointInterval());
        }
        shown.put(
                "savepointRetention",
                "at most "
                        + savepoints.retention().count()
                        + (savepoints.retention().age() == null
                                ? ""
                                : ", none older than " + savepoints.retention().age())
                        + " (periodic and manual)");
        shown.put(
                "disposeOnDelete",
                Boolean.toString(
                        "true".equalsIgnoreCase(keys.getOrDefault(DISPOSE_ON_DELETE, "").strip())));
        if (restarts.enabled()) {
            shown.put(
                    "restartOnFailure",
                    "at most "
                            + restarts.limit()
                            + " in "
                            + restarts.window()
                            + ", the first "
                            + restarts.backoff()
                            + " after the failure, then twice as long each");
        }
        UpdateRollback rollback = UpdateRollback.of(job.spec());
        if (rollback.enabled()) {
            shown.put(
                    "updateRollback",
                    "an UPDATE whose new version does not run every task for "
                            + rollback.timeout()
                            + " goes back to the previous jar and arguments from its savepoint");
        }
        webhook.ifPresent(
                w ->
                        shown.put(
                                "alerts",
                                w.url()
                                        + (w.secret() != null ? " (signed)" : " (unsigned)")
                                        + (w.fromCluster() ? ", the cluster's webhook" : "")));
        if (savepoints.problem() != null) {
            shown.put("ignored", savepoints.problem());
        }
        return shown;
    }
}
