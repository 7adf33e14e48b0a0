package dev.sluice.server.policy;

import dev.sluice.api.JobActionType;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.job.ActionStore;
import dev.sluice.server.job.AlertOutbox;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.job.JobService;
import dev.sluice.server.job.JobStatus;
import dev.sluice.server.job.JobStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts a FAILED job that opted in: RE_LAUNCH (from its newest checkpoint or savepoint) asked as
 * {@value #PRINCIPAL} through {@link JobService}, so each restart is an action in the history and
 * none runs beside another action; RE_LAUNCH only runs on a FAILED job, whose Flink job has ended,
 * so one Sluice job never has two Flink jobs. Past the limit the job stays FAILED and its reason
 * says so. Everything is read from the rows, so a restarted server carries on.
 */
final class RestartSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(RestartSupervisor.class);

    /** The principal of the restarts. */
    static final String PRINCIPAL = "sluice:restart";

    static final String LIMIT_REACHED = "automatic restarts stopped";

    /** The alerts of an automatic restart and of the end of them. */
    static final String RESTARTING = "job.restarting";

    static final String RESTARTS_STOPPED = "job.restarts-stopped";

    private final JobStore jobs;
    private final ActionStore actions;
    private final JobService service;
    private final AlertOutbox alerts;

    RestartSupervisor(JobStore jobs, ActionStore actions, JobService service, AlertOutbox alerts) {
        this.jobs = jobs;
        this.actions = actions;
        this.service = service;
        this.alerts = alerts;
    }

    void supervise(Job job, Instant now) {
        RestartPolicy policy = RestartPolicy.of(job);
        if (!policy.enabled()
                || job.run().status() != JobStatus.FAILED
                || job.lastAction().activeId() != null) {
            return;
        }
        List<JobAction> recent = actions.listForJob(job.id(), 100);
        List<JobAction> restarts =
                recent.stream()
                        .filter(a -> a.type() == JobActionType.RE_LAUNCH)
                        .filter(a -> PRINCIPAL.equals(a.principal()))
                        .filter(a -> a.createdAt().isAfter(now.minus(policy.window())))
                        .toList();
        if (restarts.size() >= policy.limit()) {
            stopRestarting(job, policy);
            return;
        }
        Instant lastEnded =
                recent.isEmpty() || recent.get(0).outcome().endedAt() == null
                        ? Instant.EPOCH
                        : recent.get(0).outcome().endedAt();
        Instant due =
                restarts.isEmpty()
                        ? lastEnded.plus(policy.backoff())
                        : restarts.get(0).createdAt().plus(policy.delay(restarts.size()));
        if (now.isBefore(due)) {
            return;
        }
        try {
            JobAction asked = service.requestAction(job.id(), JobActionType.RE_LAUNCH, PRINCIPAL);
            LOG.info(
                    "Job {} FAILED ({}): automatic restart {} of {} (operation {})",
                    job.name(),
                    job.run().statusReason(),
                    restarts.size() + 1,
                    policy.limit(),
                    asked.id());
            // After the RE_LAUNCH committed: an alert for a restart that was not asked is worse
            // than one lost to a server dying in between.
            alerts.add(
                    job,
                    RESTARTING,
                    Map.of(
                            "operationId", asked.id(),
                            "restart", Integer.toString(restarts.size() + 1),
                            "limit", Integer.toString(policy.limit()),
                            "reason", String.valueOf(job.run().statusReason())));
        } catch (ApiException e) {
            LOG.debug("Job {}: no automatic restart now: {}", job.name(), e.getMessage());
        }
    }

    private void stopRestarting(Job job, RestartPolicy policy) {
        String reason = job.run().statusReason();
        if (reason != null && reason.contains(LIMIT_REACHED)) {
            return;
        }
        String limit =
                LIMIT_REACHED
                        + ": "
                        + policy.limit()
                        + " in "
                        + policy.window()
                        + " reached ("
                        + RestartPolicy.LIMIT
                        + ", "
                        + RestartPolicy.WINDOW
                        + ")";
        Job stopped =
                jobs.update(
                        job.id(),
                        current ->
                                current.run().status() == JobStatus.FAILED
                                                && current.lastAction().activeId() == null
                                        ? current.withStatus(
                                                JobStatus.FAILED,
                                                current.run().statusReason() == null
                                                        ? limit
                                                        : current.run().statusReason()
                                                                + "; "
                                                                + limit)
                                        : current);
        alerts.add(stopped, RESTARTS_STOPPED, Map.of("reason", limit));
        LOG.warn("Job {} stays FAILED: {}", job.name(), limit);
    }
}
