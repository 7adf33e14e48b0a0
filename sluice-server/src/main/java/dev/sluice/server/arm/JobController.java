package dev.sluice.server.arm;

import dev.sluice.api.ClusterJob;
import dev.sluice.api.ClusterJobDetail;
import dev.sluice.api.ErrorResponse;
import dev.sluice.api.FlinkJobProperties;
import dev.sluice.api.OperationStatus;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.ArmId;
import dev.sluice.server.job.ActionResult;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.job.JobQueries;
import dev.sluice.server.job.JobService;
import dev.sluice.server.job.JobViews;
import dev.sluice.server.policy.JobPolicies;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job API of a cluster: runJob, the jobs list, one job, and the operations runJob starts. The
 * list and a job carry a strong ETag; If-None-Match with it answers 304.
 */
@RestController
@RequestMapping(
        "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.HDInsight/clusterpools/{pool}/clusters/{cluster}")
class JobController {

    private final JobService service;
    private final JobQueries queries;
    private final RunJobBodies bodies;
    private final JobJson rendered;

    JobController(JobService service, JobQueries queries, JsonMapper json) {
        this.service = service;
        this.queries = queries;
        this.bodies = new RunJobBodies(json);
        this.rendered = new JobJson(json);
    }

    @PostMapping({"/runJob", "/runjob"})
    ResponseEntity<ClusterJob> runJob(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @RequestParam("api-version") String apiVersion,
            @RequestBody(required = false) String body,
            Principal principal) {
        ArmId id = ArmId.cluster(sub, rg, pool, cluster);
        JobService.Accepted accepted =
                service.runJob(
                        id,
                        bodies.read(body),
                        principal == null ? "anonymous" : principal.getName());
        String base =
                ServletUriComponentsBuilder.fromCurrentContextPath().toUriString()
                        + id.clusterPath();
        String version = "?api-version=" + apiVersion;
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header("Location", base + "/operationResults/" + accepted.action().id() + version)
                .header(
                        "Azure-AsyncOperation",
                        base + "/operationStatuses/" + accepted.action().id() + version)
                .header("Retry-After", "1")
                .body(JobViews.clusterJob(id, accepted.job()));
    }

    @GetMapping("/jobs")
    ResponseEntity<byte[]> list(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @RequestParam("api-version") String apiVersion,
            @RequestParam(name = "$filter", required = false) String filter,
            @RequestParam(name = "$skipToken", required = false) String skipToken,
            @RequestParam(name = "$top", required = false, defaultValue = "100") int top,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
            HttpServletRequest request) {
        ArmId id = ArmId.cluster(sub, rg, pool, cluster);
        JobQueries.Page page = queries.list(id, filter, skipToken, top);
        String next = null;
        if (page.continueAfter() != null) {
            next =
                    ServletUriComponentsBuilder.fromCurrentContextPath().toUriString()
                            + id.clusterPath()
                            + "/jobs?api-version="
                            + encode(apiVersion)
                            + "&$top="
                            + top
                            + "&$skipToken="
                            + encode(page.continueAfter())
                            + (filter == null ? "" : "&$filter=" + encode(filter));
        }
        // The same JSON as a ClusterJobList, from each job's bytes rendered once per row version.
        return conditional(rendered.list(id, page.jobs(), next), ifNoneMatch);
    }

    @GetMapping("/jobs/{jobName}")
    ResponseEntity<byte[]> get(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @PathVariable String jobName,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        ArmId id = ArmId.cluster(sub, rg, pool, cluster);
        Job job = queries.get(id, jobName);
        ClusterJobDetail detail =
                JobViews.detail(
                        id,
                        job,
                        queries.history(job, 50),
                        queries.lastAlertDelivery(job),
                        JobPolicies.inForce(job, queries.webhook(job)));
        return conditional(rendered.of(detail), ifNoneMatch);
    }

    /** 200 with the body and its strong ETag, or 304 when the client already has those bytes. */
    private static ResponseEntity<byte[]> conditional(JobJson.Body body, String ifNoneMatch) {
        if (JobJson.matches(ifNoneMatch, body.etag())) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(body.etag()).build();
        }
        return ResponseEntity.ok()
                .eTag(body.etag())
                .contentType(MediaType.APPLICATION_JSON)
                .body(body.bytes());
    }

    /**
     * ARM "final-state-via: location": 202 while the action runs, then 200 with the job, or the
     * action's error (400 ActionFailed) when it failed.
     */
    @GetMapping("/operationResults/{operationId}")
    ResponseEntity<?> operationResult(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @PathVariable String operationId,
            @RequestParam("api-version") String apiVersion) {
        ArmId id = ArmId.cluster(sub, rg, pool, cluster);
        JobAction action = queries.action(id, operationId);
        if (action.outcome().result() == ActionResult.IN_PROGRESS) {
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .header(
                            "Location",
                            ServletUriComponentsBuilder.fromCurrentRequest().toUriString())
                    .header("Retry-After", "1")
                    .build();
        }
        if (action.outcome().result() == ActionResult.FAILED) {
            // ARM clients following "final-state-via: location" read a 2xx as success.
            throw new ApiException(
                    400,
                    "ActionFailed",
                    action.outcome().failure() == null
                            ? "The " + action.type() + " action failed"
                            : action.outcome().failure(),
                    action.jobName());
        }
        return ResponseEntity.ok(
                queries.jobOf(action)
                        .map(job -> JobViews.clusterJob(id, job))
                        .orElseGet(() -> deletedJob(id, action)));
    }

    @GetMapping("/operationStatuses/{operationId}")
    OperationStatus operationStatus(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @PathVariable String operationId) {
        ArmId id = ArmId.cluster(sub, rg, pool, cluster);
        JobAction action = queries.action(id, operationId);
        String status =
                switch (action.outcome().result()) {
                    case IN_PROGRESS -> "InProgress";
                    case SUCCESS -> "Succeeded";
                    case FAILED -> "Failed";
                };
        ErrorResponse.ErrorDetail error =
                action.outcome().result() == ActionResult.FAILED
                        ? new ErrorResponse.ErrorDetail(
                                "ActionFailed", action.outcome().failure(), action.jobName(), null)
                        : null;
        return new OperationStatus(
                id.clusterPath() + "/operationStatuses/" + action.id(),
                action.id(),
                status,
                action.createdAt().toString(),
                action.outcome().endedAt() == null ? null : action.outcome().endedAt().toString(),
                error);
    }

    /** A DELETE removed the job; its operation still reports what was deleted. */
    private static ClusterJob deletedJob(ArmId id, JobAction action) {
        FlinkJobProperties properties =
                new FlinkJobProperties(
                        JobViews.JOB_TYPE,
                        action.jobName(),
                        action.type().name(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        action.progress().flinkJobId(),
                        action.id(),
                        "DELETED",
                        action.outcome().output(),
                        action.outcome().result().name(),
                        null);
        return new ClusterJob(
                id.clusterPath() + "/jobs/" + action.jobName(),
                action.jobName(),
                JobViews.RESOURCE_TYPE,
                properties);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
