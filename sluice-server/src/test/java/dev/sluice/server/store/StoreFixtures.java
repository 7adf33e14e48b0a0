package dev.sluice.server.store;

import dev.sluice.api.JobActionType;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.PoolRecord;
import dev.sluice.server.job.ActionOutcome;
import dev.sluice.server.job.ActionProgress;
import dev.sluice.server.job.ActionResult;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.job.JobRun;
import dev.sluice.server.job.JobSpec;
import dev.sluice.server.job.JobStatus;
import dev.sluice.server.job.LastAction;
import dev.sluice.server.job.RestorePoints;
import java.time.Instant;
import java.util.Map;

/** Sample records for the store contract: every field set, map keys with dots as Flink has them. */
final class StoreFixtures {

    static final String POOL =
            "/subscriptions/s1/resourcegroups/rg_1/providers/microsoft.hdinsight/clusterpools/p1";
    static final String CLUSTER = POOL + "/clusters/c1";
    static final String OTHER_CLUSTER = POOL + "/clusters/c2";
    // Microseconds, the precision both databases keep.
    static final Instant T1 = Instant.parse("2024-05-06T07:08:09.123456Z");
    static final Instant T2 = Instant.parse("2024-05-06T07:08:10.5Z");
    static final Instant T3 = Instant.parse("2024-05-06T07:08:11Z");

    private StoreFixtures() {}

    static Job job(String clusterId, String name, String jarName) {
        return new Job(
                0,
                clusterId,
                name,
                new JobSpec(
                        "abfs://jars@acct.dfs.core.windows.net/" + name,
                        jarName,
                        "com.example.Main",
                        "--input in --output out",
                        Map.of(
                                "savepoint.directory", "abfs://c@a.dfs.core.windows.net/sp",
                                "parallelism.default", "2")),
                new JobRun("run-1", "0123456789abcdef0123456789abcdef", JobStatus.RUNNING, null),
                new LastAction(JobActionType.NEW, ActionResult.SUCCESS, "started", null),
                new RestorePoints("abfs://sp/1", "abfs://cp/1"),
                T1,
                T2);
    }

    /** The job with every mutable field changed, and times an update must not take over. */
    static Job everyMutableFieldChanged(Job j) {
        return new Job(
                j.id(),
                j.clusterId(),
                j.name(),
                new JobSpec(
                        "abfs://new/dir",
                        "new.jar",
                        "com.example.New",
                        "--x 1",
                        Map.of("state.checkpoints.dir", "abfs://cp")),
                new JobRun("run2", "f2", JobStatus.STOPPED, "stopped by user"),
                new LastAction(JobActionType.STOP, ActionResult.IN_PROGRESS, "output", "action-2"),
                new RestorePoints("sp-2", "cp-2"),
                T3,
                T3);
    }

    /** A job of {@link #CLUSTER} with nothing but its identity. */
    static Job sparseJob(String name) {
        return new Job(
                0,
                CLUSTER,
                name,
                new JobSpec(null, null, null, null, null),
                new JobRun(null, null, null, null),
                new LastAction(null, null, null, null),
                RestorePoints.NONE,
                null,
                null);
    }

    /** The job with another id, name and times. */
    static Job copy(Job j, long id, String name, Instant createdAt, Instant updatedAt) {
        return new Job(
                id,
                j.clusterId(),
                name,
                j.spec(),
                j.run(),
                j.lastAction(),
                j.restorePoints(),
                createdAt,
                updatedAt);
    }

    /** An action of {@link #CLUSTER}; ended a second after {@code at} unless in progress. */
    static JobAction action(String id, long jobId, ActionResult result, Instant at) {
        return new JobAction(
                id,
                jobId,
                CLUSTER,
                "orders",
                JobActionType.UPDATE,
                "alice@example.com",
                Map.of("flinkConfiguration.savepoint.directory", "abfs://sp", "args", "--input x"),
                new ActionProgress(
                        "savepoint-taken",
                        "fedcba9876543210fedcba9876543210",
                        "trigger-1",
                        "abfs://sp/2"),
                new ActionOutcome(
                        result,
                        null,
                        null,
                        null,
                        result == ActionResult.IN_PROGRESS ? null : at.plusSeconds(1)),
                at,
                at);
    }

    /** An action with nothing but its identity, type and result. */
    static JobAction sparseAction(String id) {
        return new JobAction(
                id,
                7,
                CLUSTER,
                "orders",
                JobActionType.CANCEL,
                null,
                null,
                ActionProgress.NONE,
                ActionOutcome.IN_PROGRESS,
                null,
                null);
    }

    static PoolRecord pool(String id, String subscription, String group, String state) {
        return new PoolRecord(
                id,
                subscription,
                group,
                id.substring(id.lastIndexOf('/') + 1),
                "westeurope",
                Map.of("team.name", "data"),
                state,
                T1,
                T2);
    }

    /** The pool as a second PUT sends it: another state, no tags, no times of its own. */
    static PoolRecord secondPut(PoolRecord p) {
        return new PoolRecord(
                p.id(),
                p.subscription(),
                p.resourceGroup(),
                p.name(),
                "eastus",
                Map.of(),
                "Succeeded",
                null,
                null);
    }

    /** A cluster of the pool; external when it has a REST URL. */
    static ClusterRecord cluster(String id, String poolId, String restUrl) {
        return new ClusterRecord(
                id,
                poolId,
                id.substring(id.lastIndexOf('/') + 1),
                "westeurope",
                Map.of("cost.center", "42"),
                "{\"clusterProfile\":{\"flinkVersion\":\"1.20\"}}",
                restUrl != null,
                restUrl,
                "abfs://c@a.dfs.core.windows.net/",
                "1.20",
                "Succeeded",
                "Running",
                null,
                T1,
                T2);
    }
}
