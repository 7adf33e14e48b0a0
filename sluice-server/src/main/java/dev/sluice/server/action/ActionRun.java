package dev.sluice.server.action;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.job.ActionProgress;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.job.JobService;
import dev.sluice.server.storage.StorageLocation;
import dev.sluice.server.storage.StorageRoots;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One executing action as an immutable value: its row, its job's row, the cluster it runs on with
 * its Flink client and storage roots, and the launcher chosen for it when it started. Recording a
 * step writes it through and returns the next value; a redeployed Application-mode cluster yields a
 * value with the new cluster and client.
 */
record ActionRun(
        ActionRecorder recorder,
        JobLauncher launcher,
        JobAction action,
        Job job,
        ClusterRecord cluster,
        FlinkClient flink,
        StorageRoots roots) {

    /** The first value of an action, as it starts (or resumes). */
    static ActionRun start(
            ActionRecorder recorder,
            JobLauncher launcher,
            JobAction action,
            Job job,
            ClusterRecord cluster,
            FlinkClient flink,
            StorageRoots roots) {
        return recorder.remember(
                new ActionRun(recorder, launcher, action, job, cluster, flink, roots));
    }

    ActionProgress progress() {
        return action.progress();
    }

    /** The last step recorded; empty before the first, and for one this server does not know. */
    Optional<Step> step() {
        return Step.fromStored(action.progress().step());
    }

    /** The job's savepoint directory, confined to the cluster's storage roots. */
    StorageLocation savepointDirectory() {
        return roots.resolve(
                job.spec().flinkConfiguration().get(JobService.SAVEPOINT_DIRECTORY),
                JobService.SAVEPOINT_DIRECTORY);
    }

    /** A request parameter, null when absent or blank. */
    String parameter(String name) {
        String value = action.parameters().get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /** Persists {@code step} with the progress {@code change} made, and tells the listener. */
    ActionRun record(Step step, UnaryOperator<JobAction> change) {
        return recorder.record(this, change.apply(action).withStep(step.stored()));
    }

    /** Persists {@code step}, nothing else changed. */
    ActionRun record(Step step) {
        return record(step, UnaryOperator.identity());
    }

    /** Persists a change of the job (row-locked, so the observer's writes are not lost). */
    ActionRun updateJob(UnaryOperator<Job> change) {
        return recorder.updateJob(this, change);
    }

    /** Follows a redeployed cluster: later steps talk to its new REST endpoint. */
    ActionRun on(ClusterRecord redeployed, FlinkClient client) {
        return recorder.remember(
                new ActionRun(recorder, launcher, action, job, redeployed, client, roots));
    }

    ActionRun withAction(JobAction a) {
        return new ActionRun(recorder, launcher, a, job, cluster, flink, roots);
    }

    ActionRun withJob(Job j) {
        return new ActionRun(recorder, launcher, action, j, cluster, flink, roots);
    }
}
