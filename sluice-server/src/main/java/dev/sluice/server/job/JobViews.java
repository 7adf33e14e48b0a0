package dev.sluice.server.job;

import dev.sluice.api.ClusterJob;
import dev.sluice.api.ClusterJobDetail;
import dev.sluice.api.FlinkJobProperties;
import dev.sluice.api.JobActionView;
import dev.sluice.server.common.ArmId;
import java.time.Instant;
import java.util.List;

/** Renders jobs and actions in the wire shapes of the seeds (ClusterJob, FlinkJobProperties). */
public final class JobViews {

    public static final String JOB_TYPE = "FlinkJob";
    public static final String RESOURCE_TYPE = "Microsoft.HDInsight/clusterPools/clusters/jobs";

    private JobViews() {}

    public static ClusterJob clusterJob(ArmId cluster, Job job) {
        return new ClusterJob(
                cluster.clusterPath() + "/jobs/" + job.name(),
                job.name(),
                RESOURCE_TYPE,
                properties(job));
    }

    public static ClusterJobDetail detail(ArmId cluster, Job job, List<JobAction> actions) {
        return new ClusterJobDetail(
                cluster.clusterPath() + "/jobs/" + job.name(),
                job.name(),
                RESOURCE_TYPE,
                properties(job),
                actions.stream().map(JobViews::action).toList());
    }

    static FlinkJobProperties properties(Job job) {
        return new FlinkJobProperties(
                JOB_TYPE,
                job.name(),
                job.lastAction() == null ? null : job.lastAction().name(),
                job.jarDirectory(),
                job.jarName(),
                job.entryClass(),
                job.args(),
                null,
                job.flinkConfiguration(),
                job.flinkJobId(),
                job.runId(),
                job.status().name(),
                job.jobOutput(),
                job.actionResult() == null ? null : job.actionResult().name(),
                job.lastSavepoint());
    }

    public static JobActionView action(JobAction a) {
        return new JobActionView(
                a.id(),
                a.type().name(),
                a.result().name(),
                a.principal(),
                time(a.createdAt()),
                time(a.updatedAt()),
                time(a.endedAt()),
                a.parameters(),
                a.step(),
                a.flinkJobId(),
                a.savepointPath(),
                a.output(),
                a.failure());
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
