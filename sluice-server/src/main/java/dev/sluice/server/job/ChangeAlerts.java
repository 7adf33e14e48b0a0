package dev.sluice.server.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts a change of a job's row raises: {@code action.ended} when its active action ends,
 * {@code job.failed} when its run turns FAILED ({@code job.deleted} when the row goes, which ends a
 * DELETE). {@link JobStore} adds them to the {@link AlertOutbox} in the transaction of the change.
 */
final class ChangeAlerts {

    static final String ACTION_ENDED = "action.ended";
    static final String JOB_FAILED = "job.failed";
    static final String JOB_DELETED = "job.deleted";

    /** An alert's type and data. */
    record Raised(String type, Map<String, String> data) {}

    private ChangeAlerts() {}

    static List<Raised> of(Job current, Job changed) {
        List<Raised> raised = new ArrayList<>();
        String ended = current.lastAction().activeId();
        if (ended != null && changed.lastAction().activeId() == null) {
            Map<String, String> data = new LinkedHashMap<>();
            data.put("operationId", ended);
            put(data, "action", changed.lastAction().type());
            put(data, "actionResult", changed.lastAction().result());
            put(data, "jobOutput", changed.lastAction().output());
            raised.add(new Raised(ACTION_ENDED, data));
        }
        if (changed.run().status() == JobStatus.FAILED
                && current.run().status() != JobStatus.FAILED) {
            Map<String, String> data = new LinkedHashMap<>();
            put(data, "reason", changed.run().statusReason());
            put(data, "flinkJobId", changed.run().flinkJobId());
            raised.add(new Raised(JOB_FAILED, data));
        }
        return raised;
    }

    private static void put(Map<String, String> data, String key, Object value) {
        if (value != null) {
            data.put(key, value instanceof Enum<?> e ? e.name() : value.toString());
        }
    }
}
