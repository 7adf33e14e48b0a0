package dev.sluice.cli;

import dev.sluice.api.AlertDelivery;
import dev.sluice.api.ClusterJob;
import dev.sluice.api.ClusterJobDetail;
import dev.sluice.api.FlinkJobProperties;
import dev.sluice.api.JobActionView;
import dev.sluice.client.ClusterRef;
import dev.sluice.client.JobRequest;
import dev.sluice.client.Operation;
import dev.sluice.client.SluiceClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one job action the way every job command does: runJob, then (with {@code --wait}) a progress
 * line until the action ends, the job printed, and exit code 1 when it FAILED.
 */
final class JobRunner {

    private final SluiceCommand root;

    JobRunner(SluiceCommand root) {
        this.root = root;
    }

    int run(JobRequest request, WaitOptions wait) {
        return run(request, wait.wait, wait, false);
    }

    /**
     * An action whose answer is its output (LIST_SAVEPOINT): always waits, and prints only the
     * {@code jobOutput} in table mode.
     */
    int listing(JobRequest request, WaitOptions wait) {
        return run(request, true, wait, true);
    }

    private int run(JobRequest request, boolean waitForIt, WaitOptions wait, boolean outputOnly) {
        ClusterRef cluster = root.clusterRef();
        SluiceClient client = root.client();
        Operation<ClusterJob> operation = client.jobs().beginRun(cluster, request);
        String what = request.action() + " " + request.jobName();
        if (!waitForIt || operation.done()) {
            ClusterJob accepted = operation.accepted();
            if (!operation.done() && !root.printer().json()) {
                root.printer()
                        .line(
                                what
                                        + " accepted (operation "
                                        + operation.id()
                                        + "); follow it with: sluice job show "
                                        + request.jobName());
            }
            print(root.printer(), accepted);
            return failed(accepted) ? report(what, accepted) : SluiceCli.OK;
        }
        ProgressLine line = root.progress();
        ClusterJob done;
        try {
            done =
                    client.jobs()
                            .await(
                                    cluster,
                                    operation,
                                    request.jobName(),
                                    wait.timeout,
                                    p ->
                                            line.update(
                                                    what
                                                            + ": "
                                                            + step(
                                                                    client, cluster, request,
                                                                    operation),
                                                    p.elapsed()));
        } finally {
            line.end();
        }
        if (outputOnly && !root.printer().json() && !failed(done)) {
            root.printer().line(done.properties().jobOutput());
        } else {
            print(root.printer(), done);
        }
        return failed(done) ? report(what, done) : SluiceCli.OK;
    }

    private static boolean failed(ClusterJob job) {
        return job != null
                && job.properties() != null
                && "FAILED".equals(job.properties().actionResult());
    }

    private int report(String what, ClusterJob job) {
        root.env().err().println("sluice: " + what + " FAILED: " + job.properties().jobOutput());
        return SluiceCli.FAILED;
    }

    /** The running action's step from the job's history; a failed look is not worth failing. */
    private static String step(
            SluiceClient client,
            ClusterRef cluster,
            JobRequest request,
            Operation<ClusterJob> operation) {
        try {
            ClusterJobDetail detail = client.jobs().get(cluster, request.jobName());
            if (detail.actions() != null) {
                for (JobActionView action : detail.actions()) {
                    if (action.id() != null && action.id().equals(operation.id())) {
                        return action.actionResult()
                                + (action.step() == null ? "" : ", step " + action.step());
                    }
                }
            }
        } catch (RuntimeException e) {
            // A DELETE removes the job before its operation ends; the poll says the rest.
        }
        return "IN_PROGRESS";
    }

    static void print(Printer printer, ClusterJob job) {
        if (job == null) {
            return;
        }
        printer.resource(job, fields(job.name(), job.properties()));
    }

    static Map<String, Object> fields(String name, FlinkJobProperties p) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        if (p == null) {
            return fields;
        }
        fields.put("status", p.status());
        fields.put("action", p.action());
        fields.put("actionResult", p.actionResult());
        fields.put("jobId", p.jobId());
        fields.put(
                "jar",
                p.jobJarDirectory() == null ? null : p.jobJarDirectory() + "/" + p.jarName());
        fields.put("entryClass", p.entryClass());
        fields.put("args", p.args());
        fields.put("lastSavePoint", p.lastSavePoint());
        fields.put("jobOutput", p.jobOutput());
        return fields;
    }

    static void printDetail(Printer printer, ClusterJobDetail detail) {
        if (printer.json()) {
            printer.resource(detail, Map.of());
            return;
        }
        Map<String, Object> fields = fields(detail.name(), detail.properties());
        if (detail.statusReason() != null) {
            fields.put("statusReason", detail.statusReason());
        }
        if (detail.properties() != null && detail.properties().flinkConfiguration() != null) {
            fields.put(
                    "flinkConfiguration",
                    new java.util.TreeMap<>(detail.properties().flinkConfiguration()));
        }
        if (detail.properties() != null && detail.properties().policies() != null) {
            fields.put("policies", new java.util.LinkedHashMap<>(detail.properties().policies()));
        }
        if (detail.properties() != null
                && detail.properties().alerts() != null
                && detail.properties().alerts().lastDelivery() != null) {
            AlertDelivery last = detail.properties().alerts().lastDelivery();
            fields.put(
                    "lastAlert",
                    last.event()
                            + " "
                            + last.state()
                            + " after "
                            + last.attempts()
                            + " attempt(s)"
                            + (last.httpStatus() == null ? "" : ", HTTP " + last.httpStatus())
                            + (last.error() == null ? "" : ", " + last.error())
                            + " at "
                            + last.time());
        }
        printer.fields(fields);
        printer.line("");
        List<JobActionView> actions = detail.actions() == null ? List.of() : detail.actions();
        printer.table(
                List.of("ACTION", "RESULT", "STEP", "BY", "CREATED", "ENDED", "OPERATION"),
                actions.stream()
                        .map(
                                a ->
                                        List.<Object>of(
                                                a.action(),
                                                a.actionResult(),
                                                a.step() == null ? "" : a.step(),
                                                a.principal() == null ? "" : a.principal(),
                                                a.createdAt() == null ? "" : a.createdAt(),
                                                a.endedAt() == null ? "" : a.endedAt(),
                                                a.id()))
                        .toList());
    }
}
