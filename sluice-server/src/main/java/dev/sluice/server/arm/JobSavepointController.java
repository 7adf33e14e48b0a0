package dev.sluice.server.arm;

import dev.sluice.api.JobSavepoint;
import dev.sluice.api.JobSavepointList;
import dev.sluice.api.SavepointImport;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.ArmId;
import dev.sluice.server.job.JobSavepoints;
import dev.sluice.server.savepoint.SavepointRecord;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** A job's savepoint history ({@code GET .../jobs/{job}/savepoints}) and the import of one. */
@RestController
@RequestMapping(
        "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.HDInsight/clusterpools/{pool}/clusters/{cluster}/jobs/{jobName}/savepoints")
class JobSavepointController {

    private final JobSavepoints savepoints;
    private final JsonMapper json;

    JobSavepointController(JobSavepoints savepoints, JsonMapper json) {
        this.savepoints = savepoints;
        this.json = json.rebuild().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    @GetMapping
    JobSavepointList list(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @PathVariable String jobName) {
        ArmId id = ArmId.cluster(sub, rg, pool, cluster);
        return new JobSavepointList(
                savepoints.list(id, jobName).stream().map(r -> view(id, r)).toList(), null);
    }

    /**
     * Records a savepoint made outside Sluice, body {@code {"path":"<URI in the cluster's
     * storage>"}}; 200 with it once committed.
     */
    @PostMapping("/import")
    JobSavepoint importSavepoint(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @PathVariable String jobName,
            @RequestBody(required = false) String body) {
        ArmId id = ArmId.cluster(sub, rg, pool, cluster);
        return view(id, savepoints.importSavepoint(id, jobName, read(body).path()));
    }

    private SavepointImport read(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest(
                    "InvalidRequestContent",
                    "The request body is empty; send {\"path\": \"<savepoint URI>\"}",
                    "path");
        }
        try {
            SavepointImport request = json.readValue(body, SavepointImport.class);
            if (request == null) {
                throw ApiException.badRequest(
                        "InvalidRequestContent", "The body must be a JSON object", "path");
            }
            return request;
        } catch (JacksonException e) {
            throw ApiException.badRequest(
                    "InvalidRequestContent",
                    "The body must be {\"path\": \"<savepoint URI>\"}",
                    "path");
        }
    }

    static JobSavepoint view(ArmId cluster, SavepointRecord r) {
        return new JobSavepoint(
                cluster.clusterPath() + "/jobs/" + r.jobName() + "/savepoints/" + r.entry().name(),
                r.entry().name(),
                JobSavepoint.RESOURCE_TYPE,
                new JobSavepoint.Properties(
                        r.uri(),
                        text(r.time()),
                        r.entry().sizeBytes(),
                        r.kind().stored(),
                        r.usable(),
                        r.state().name(),
                        r.actionId(),
                        text(r.disposedAt()),
                        r.disposeError()));
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
