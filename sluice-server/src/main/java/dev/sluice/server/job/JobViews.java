package dev.sluice.server.job;

import dev.sluice.api.AlertDelivery;
import dev.sluice.api.ClusterJob;
import dev.sluice.api.ClusterJobDetail;
import dev.sluice.api.FlinkJobProperties;
import dev.sluice.api.JobActionView;
import dev.sluice.api.JobAlerts;
import dev.sluice.server.common.ArmId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        return detail(cluster, job, actions, Optional.empty(), Map.of());
    }

    /** The job's detail with the latest delivery of its alerts and the policies in force. */
    public static ClusterJobDetail detail(
            ArmId cluster,
            Job job,
            List<JobAction> actions,
            Optional<AlertEvent> lastDelivery,
            Map<String, String> policies) {
        JobAlerts alerts =
                lastDelivery
                        .map(
                                e ->
                                        new JobAlerts(
                                                new AlertDelivery(
                                                        e.id(),
                                                        e.type(),
                                                        e.state(),
                                                        e.attempts(),
                                                        e.lastStatus(),
                                                        e.lastError(),
                                                        time(e.updatedAt()))))
                        .orElse(null);
        FlinkJobProperties properties =
                withExtras(properties(job), alerts, policies.isEmpty() ? null : policies);
        return new ClusterJobDetail(
                cluster.clusterPath() + "/jobs/" + job.name(),
                job.name(),
                RESOURCE_TYPE,
                properties,
                actions.stream().map(JobViews::action).toList(),
                job.run().statusReason());
    }

    static FlinkJobProperties properties(Job job) {
        return new FlinkJobProperties(
                JOB_TYPE,
                job.name(),
                job.lastAction().type() == null ? null : job.lastAction().type().name(),
                job.spec().jarDirectory(),
                job.spec().jarName(),
                job.spec().entryClass(),
                job.spec().args(),
                null,
                withoutSecrets(job.spec().flinkConfiguration()),
                job.run().flinkJobId(),
                job.run().id(),
                job.run().status().name(),
                job.lastAction().output(),
                job.lastAction().result() == null ? null : job.lastAction().result().name(),
                job.restorePoints().savepoint());
    }

    /** The webhook's secret is write-only: no answer shows it. */
    private static Map<String, String> withoutSecrets(Map<String, String> configuration) {
        if (!configuration.containsKey(AlertOutbox.SECRET)) {
            return configuration;
        }
        Map<String, String> shown = new LinkedHashMap<>(configuration);
        shown.remove(AlertOutbox.SECRET);
        return shown;
    }

    private static FlinkJobProperties withExtras(
            FlinkJobProperties p, JobAlerts alerts, Map<String, String> policies) {
        return new FlinkJobProperties(
                p.jobType(),
                p.jobName(),
                p.action(),
                p.jobJarDirectory(),
                p.jarName(),
                p.entryClass(),
                p.args(),
                p.savePointName(),
                p.flinkConfiguration(),
                p.jobId(),
                p.runId(),
                p.status(),
                p.jobOutput(),
                p.actionResult(),
                p.lastSavePoint(),
                alerts,
                policies);
    }

    public static JobActionView action(JobAction a) {
        return new JobActionView(
                a.id(),
                a.type().name(),
                a.outcome().result().name(),
                a.principal(),
                time(a.createdAt()),
                time(a.updatedAt()),
                time(a.outcome().endedAt()),
                a.parameters(),
                a.progress().step(),
                a.progress().flinkJobId(),
                a.progress().savepointPath(),
                a.outcome().output(),
                a.outcome().failure());
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
