package dev.sluice.server.arm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.ClusterJobList;
import dev.sluice.server.common.ArmId;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobRun;
import dev.sluice.server.job.JobSpec;
import dev.sluice.server.job.JobStatus;
import dev.sluice.server.job.JobViews;
import dev.sluice.server.job.LastAction;
import dev.sluice.server.job.RestorePoints;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JobJsonTest {

    private static final ArmId CLUSTER = ArmId.cluster("s", "g", "p", "c");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JobJson rendered = new JobJson(JSON);

    private static Job job(long id, String name, JobStatus status, Instant updated) {
        return new Job(
                id,
                CLUSTER.clusterPath(),
                name,
                new JobSpec("jars", "a.jar", "A", "--x 1", Map.of("parallelism", "1")),
                new JobRun("a1", "f" + id, status, null),
                new LastAction(null, null, "out \"quoted\" é", null),
                RestorePoints.NONE,
                Instant.EPOCH,
                updated);
    }

    @Test
    void aPageIsTheSameJsonAsTheListRecordWritesAndRepeatsItsEtag() {
        List<Job> jobs =
                List.of(
                        job(1, "a", JobStatus.RUNNING, Instant.EPOCH),
                        job(2, "b", JobStatus.FAILED, Instant.EPOCH));
        String next = "http://x/jobs?api-version=1&$skipToken=b&$filter=a%20eq%20'b'";

        JobJson.Body first = rendered.list(CLUSTER, jobs, next);
        JobJson.Body again = rendered.list(CLUSTER, jobs, next);

        List<dev.sluice.api.ClusterJob> value =
                jobs.stream().map(j -> JobViews.clusterJob(CLUSTER, j)).toList();
        assertThat(new String(first.bytes()))
                .isEqualTo(JSON.writeValueAsString(new ClusterJobList(value, next)));
        assertThat(new String(rendered.list(CLUSTER, jobs, null).bytes()))
                .isEqualTo(JSON.writeValueAsString(new ClusterJobList(value, null)));
        assertThat(again.bytes()).isEqualTo(first.bytes());
        assertThat(again.etag()).isEqualTo(first.etag()).startsWith("\"").endsWith("\"");
    }

    @Test
    void aChangedJobChangesThePageAndItsEtag() {
        JobJson.Body before =
                rendered.list(
                        CLUSTER, List.of(job(1, "a", JobStatus.RUNNING, Instant.EPOCH)), null);
        JobJson.Body after =
                rendered.list(
                        CLUSTER,
                        List.of(job(1, "a", JobStatus.FAILED, Instant.ofEpochMilli(1))),
                        null);

        assertThat(new String(after.bytes())).contains("FAILED").doesNotContain("RUNNING");
        assertThat(after.etag()).isNotEqualTo(before.etag());
        assertThat(rendered.list(CLUSTER, List.of(), null).etag()).isNotEqualTo(before.etag());
    }

    @Test
    void ifNoneMatchMatchesTheTagInAListWeaklyOrAsAStar() {
        assertThat(JobJson.matches(null, "\"t\"")).isFalse();
        assertThat(JobJson.matches("\"u\"", "\"t\"")).isFalse();
        assertThat(JobJson.matches("\"u\", \"t\"", "\"t\"")).isTrue();
        assertThat(JobJson.matches("W/\"t\"", "\"t\"")).isTrue();
        assertThat(JobJson.matches("*", "\"t\"")).isTrue();
    }
}
