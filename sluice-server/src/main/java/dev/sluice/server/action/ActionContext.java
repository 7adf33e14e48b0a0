package dev.sluice.server.action;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.job.ActionStore;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.job.JobStore;
import dev.sluice.server.storage.StorageRoots;
import java.util.function.UnaryOperator;

/**
 * One executing action with what its steps need; every change it makes is written through at once,
 * so the persisted rows always say how far the action got.
 */
final class ActionContext {

    private final JobStore jobs;
    private final ActionStore actions;
    private final ActionProgressListener listener;
    // Not final: redeploying an Application-mode cluster may move its REST endpoint.
    ClusterRecord cluster;
    FlinkClient flink;
    final StorageRoots roots;
    final boolean application;
    private JobAction action;
    private Job job;

    ActionContext(
            JobStore jobs,
            ActionStore actions,
            ActionProgressListener listener,
            ClusterRecord cluster,
            FlinkClient flink,
            StorageRoots roots,
            boolean application,
            JobAction action,
            Job job) {
        this.jobs = jobs;
        this.actions = actions;
        this.listener = listener;
        this.cluster = cluster;
        this.flink = flink;
        this.roots = roots;
        this.application = application;
        this.action = action;
        this.job = job;
    }

    JobAction action() {
        return action;
    }

    Job job() {
        return job;
    }

    /** Persists a change of the action and tells the listener. */
    void record(UnaryOperator<JobAction> change) {
        action = actions.update(change.apply(action));
        listener.stepRecorded(action);
    }

    /** Persists a change of the job (row-locked, so the observer's writes are not lost). */
    void updateJob(UnaryOperator<Job> change) {
        job = jobs.update(job.id(), change);
    }

    /** Follows a cluster that was redeployed: later steps talk to its new REST endpoint. */
    void retarget(ClusterRecord redeployed, FlinkClient client) {
        this.cluster = redeployed;
        this.flink = client;
    }

    String parameter(String name) {
        String value = action.parameters().get(name);
        return value == null || value.isBlank() ? null : value;
    }
}
