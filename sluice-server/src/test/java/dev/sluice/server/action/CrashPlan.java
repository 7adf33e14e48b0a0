package dev.sluice.server.action;

import java.util.List;
import java.util.Map;

/**
 * Where {@link CrashResumeITCase} kills the server: for every action, right after its 202 and at
 * every step it records. Each lane is one job going through its stages, one per round; all lanes
 * are interrupted by the same kill, so the whole matrix takes four restarts.
 */
final class CrashPlan {

    /** Killed right after the runJob request was answered 202, before waiting for anything. */
    static final String ACCEPTED = "202";

    /** One crashed action: {@code action} is killed at {@code at} (a step name or ACCEPTED). */
    record Stage(String action, String at) {
        @Override
        public String toString() {
            return action + "@" + at;
        }
    }

    /** A cluster operation killed in a round: PUT or DELETE, at ACCEPTED or a provisioningState. */
    record ClusterStage(String cluster, String method, String at) {}

    private CrashPlan() {}

    private static Stage at(String action, String at) {
        return new Stage(action, at);
    }

    /**
     * The lanes: job name → its stages, round by round. Preparation a stage needs (NEW before the
     * first non-NEW stage, STOP before a START, a failure before a RE_LAUNCH) runs uncrashed first.
     */
    static final Map<String, List<Stage>> LANES =
            Map.of(
                    "l01",
                    List.of(
                            at("NEW", ACCEPTED),
                            at("UPDATE", "stop-triggering"),
                            at("UPDATE", "stopped-with-savepoint"),
                            at("UPDATE", "submitting")),
                    "l02",
                    List.of(
                            at("NEW", "submitting"),
                            at("UPDATE", "submitted"),
                            at("UPDATE", "running"),
                            at("UPDATE", ACCEPTED)),
                    "l03",
                    List.of(
                            at("NEW", "submitted"),
                            at("LAST_STATE_UPDATE", ACCEPTED),
                            at("LAST_STATE_UPDATE", "cancelled"),
                            at("LAST_STATE_UPDATE", "checkpoint-chosen")),
                    "l04",
                    List.of(
                            at("NEW", "running"),
                            at("LAST_STATE_UPDATE", "submitting"),
                            at("LAST_STATE_UPDATE", "submitted"),
                            at("LAST_STATE_UPDATE", "running")),
                    "l05",
                    List.of(
                            at("SAVEPOINT", ACCEPTED),
                            at("SAVEPOINT", "savepoint-triggering"),
                            at("SAVEPOINT", "savepoint-taken"),
                            at("STOP", ACCEPTED)),
                    "l06",
                    List.of(
                            at("STOP", "stop-triggering"),
                            at("START", ACCEPTED),
                            at("STOP", "stopped-with-savepoint"),
                            at("START", "savepoint-chosen")),
                    "l07",
                    List.of(
                            at("START", "submitting"),
                            at("START", "submitted"),
                            at("START", "running"),
                            at("CANCEL", ACCEPTED)),
                    "l08",
                    List.of(
                            at("STATELESS_UPDATE", ACCEPTED),
                            at("STATELESS_UPDATE", "cancelled"),
                            at("STATELESS_UPDATE", "submitting"),
                            at("STATELESS_UPDATE", "submitted")),
                    "l09",
                    List.of(
                            at("STATELESS_UPDATE", "running"),
                            at("RE_LAUNCH", "running"),
                            at("CANCEL", "cancelled"),
                            at("DELETE", ACCEPTED)),
                    "l10",
                    List.of(
                            at("RE_LAUNCH", ACCEPTED),
                            at("RE_LAUNCH", "restore-point-chosen"),
                            at("RE_LAUNCH", "submitting"),
                            at("RE_LAUNCH", "submitted")));

    /** Rounds of the kill-right-after-202 cases only: every action once, in two rounds. */
    static final Map<String, List<Stage>> ACCEPTED_LANES =
            Map.of(
                    "a01",
                    List.of(at("NEW", ACCEPTED), at("UPDATE", ACCEPTED)),
                    "a02",
                    List.of(at("STOP", ACCEPTED), at("START", ACCEPTED)),
                    "a03",
                    List.of(at("SAVEPOINT", ACCEPTED), at("LAST_STATE_UPDATE", ACCEPTED)),
                    "a04",
                    List.of(at("STATELESS_UPDATE", ACCEPTED), at("CANCEL", ACCEPTED)),
                    "a05",
                    List.of(at("RE_LAUNCH", ACCEPTED), at("DELETE", ACCEPTED)));

    /** The cluster operations killed in rounds 1.. (null: none that round). */
    static final List<ClusterStage> CLUSTER_ROUNDS =
            List.of(
                    new ClusterStage("crash1", "PUT", ACCEPTED),
                    new ClusterStage("crash1", "DELETE", ACCEPTED),
                    new ClusterStage("crash2", "PUT", "Provisioning"),
                    new ClusterStage("crash2", "DELETE", ACCEPTED));
}
