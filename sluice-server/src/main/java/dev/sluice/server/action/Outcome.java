package dev.sluice.server.action;

import dev.sluice.server.job.JobStatus;

/** How an action ended well: the job's status and what jobOutput says. */
record Outcome(JobStatus status, String output) {

    /** The job runs the run this action submitted. */
    static Outcome running(ActionRun run, String message) {
        return new Outcome(
                JobStatus.RUNNING, message + "; Flink job id " + run.progress().flinkJobId());
    }
}
