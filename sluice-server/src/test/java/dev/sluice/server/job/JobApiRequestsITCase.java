package dev.sluice.server.job;

import static dev.sluice.server.job.JobApiFixture.CLUSTER;
import static dev.sluice.server.job.JobApiFixture.action;
import static dev.sluice.server.job.JobApiFixture.args;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.ArmClient.Answer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What the job API accepts and lists, against a real Flink 1.20 cluster: bad input refused with the
 * right code, filters and pages, and the seeds' request bodies unchanged.
 */
@ExtendWith(SessionFlink.Shared.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobApiRequestsITCase {

    private Path work;
    private JobApiFixture sluice;

    @BeforeAll
    void start(SessionFlink session, @TempDir Path work) throws IOException {
        this.work = work;
        sluice = JobApiFixture.start(work, session);
    }

    @AfterAll
    void stop() {
        if (sluice != null) {
            sluice.close();
        }
    }

    @Test
    @Order(1)
    void badInputIsRefusedWithTheRightCodeAndChangesNothing() {
        sluice.run(sluice.newJob("guard", args(work.resolve("out-guard"))));
        JsonNode before = sluice.api().get(CLUSTER + "/jobs").body();
        String good = sluice.newJob("fresh", args(work.resolve("x")));
        Map<String, String[]> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"properties\":", new String[] {"400", "InvalidRequestContent"});
        cases.put(
                good.replace("\"jobName\":\"fresh\",", ""),
                new String[] {"400", "InvalidRequestContent"});
        cases.put(
                good.replace("\"jarName\":\"counter.jar\",", ""),
                new String[] {"400", "InvalidRequestContent"});
        cases.put(good.replace("\"fresh\"", "\"Fresh\""), new String[] {"400", "InvalidJobName"});
        cases.put(good.replace("\"fresh\"", "\"guard\""), new String[] {"409", "JobAlreadyExists"});
        cases.put(
                good.replace(
                        sluice.jars().toUri().toString(), sluice.jars().toUri() + "../../../etc"),
                new String[] {"400", "PathOutsideStorage"});
        cases.put(
                good.replace(
                        sluice.jars().toUri().toString(),
                        "abfs://c@a.dfs.core.windows.net/sluice.jars()"),
                new String[] {"400", "UnsupportedStorageScheme"});
        cases.put(good.replace("counter.jar", "missing.jar"), new String[] {"400", "JarNotFound"});
        cases.put(good.replace("\"NEW\"", "\"EXPLODE\""), new String[] {"400", "InvalidAction"});
        cases.put(
                good.replace("\"jobName\":\"fresh\"", "\"jobName\":{\"n\":1}"),
                new String[] {"400", "InvalidRequestContent"});
        cases.put(
                good.replace("\"parallelism\":\"1\"", "\"parallelism\":\"-3\""),
                new String[] {"400", "InvalidParallelism"});
        cases.put(
                good.replace("\"FlinkJob\"", "\"SparkJob\""),
                new String[] {"400", "InvalidRequestContent"});
        cases.put(action("nobody", "STOP", null), new String[] {"404", "JobNotFound"});
        cases.forEach(
                (body, expected) -> {
                    Answer answer = sluice.api().post(CLUSTER + "/runJob", body);
                    assertThat(answer.status())
                            .as(body + " → " + answer.raw())
                            .isEqualTo(Integer.parseInt(expected[0]));
                    assertThat(answer.errorCode()).as(body).isEqualTo(expected[1]);
                    assertThat(answer.body().path("error").path("message").asString()).isNotBlank();
                });
        Answer typed =
                sluice.api()
                        .post(
                                CLUSTER + "/runJob",
                                good.replace("\"jobName\":\"fresh\"", "\"jobName\":[1]"));
        assertThat(typed.body().path("error").path("target").asString())
                .isEqualTo("properties.jobName");
        assertThat(sluice.api().post(CLUSTER + "/runJob?api-version=2020-01-01", good).errorCode())
                .isEqualTo("InvalidApiVersionParameter");
        assertThat(sluice.api().post(CLUSTER + "/runJob?api-version=none", good).status())
                .isEqualTo(400);
        assertThat(
                        sluice.api()
                                .get(
                                        CLUSTER
                                                + "/jobs?$filter="
                                                + java.net.URLEncoder.encode(
                                                        "status eq 'x'",
                                                        java.nio.charset.StandardCharsets.UTF_8))
                                .errorCode())
                .isEqualTo("InvalidFilter");
        assertThat(sluice.api().get(CLUSTER + "/jobs").body()).isEqualTo(before);
    }

    @Test
    @Order(2)
    void listFiltersAndPages() {
        sluice.run(sluice.newJob("paged", args(work.resolve("out-paged"))));
        JsonNode first = sluice.api().get(CLUSTER + "/jobs?$top=1").body();
        assertThat(first.path("value")).hasSize(1);
        assertThat(first.path("value").get(0).path("name").asString()).isEqualTo("guard");
        JsonNode second = sluice.api().getUrl(first.path("nextLink").asString()).body();
        assertThat(second.path("value").get(0).path("name").asString()).isEqualTo("paged");
        assertThat(second.has("nextLink")).isFalse();
        JsonNode filtered =
                sluice.api()
                        .get(
                                CLUSTER
                                        + "/jobs?$filter="
                                        + java.net.URLEncoder.encode(
                                                "jobName eq 'paged'",
                                                java.nio.charset.StandardCharsets.UTF_8))
                        .body();
        assertThat(filtered.path("value")).hasSize(1);
        JsonNode byJar =
                sluice.api()
                        .get(
                                CLUSTER
                                        + "/jobs?$filter="
                                        + java.net.URLEncoder.encode(
                                                "jarName eq 'other.jar'",
                                                java.nio.charset.StandardCharsets.UTF_8))
                        .body();
        assertThat(byJar.path("value")).isEmpty();
        // Strong ETags: the same answer again is 304 without a body, a changed job is not.
        Answer list = sluice.api().get(CLUSTER + "/jobs");
        Answer one = sluice.api().get(CLUSTER + "/jobs/paged");
        assertThat(list.header("ETag")).startsWith("\"").endsWith("\"");
        assertThat(one.header("ETag")).startsWith("\"").endsWith("\"");
        Answer unchanged =
                sluice.api().get(CLUSTER + "/jobs", Map.of("If-None-Match", list.header("ETag")));
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.raw()).isEmpty();
        assertThat(
                        sluice.api()
                                .get(
                                        CLUSTER + "/jobs/paged",
                                        Map.of("If-None-Match", one.header("ETag")))
                                .status())
                .isEqualTo(304);
        sluice.run(action("guard", "CANCEL", null));
        sluice.run(action("paged", "CANCEL", null));
        Answer changed =
                sluice.api().get(CLUSTER + "/jobs", Map.of("If-None-Match", list.header("ETag")));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("ETag")).isNotEqualTo(list.header("ETag"));
        assertThat(
                        sluice.api()
                                .get(
                                        CLUSTER + "/jobs/paged",
                                        Map.of("If-None-Match", one.header("ETag")))
                                .status())
                .isEqualTo(200);
    }

    @Test
    @Order(3)
    void theSeedsRequestBodiesWorkUnchanged() {
        Path seedOut = work.resolve("out-seed");
        // The seed's NEW body, curly quotes made straight; it lacks the comma after "args".
        String newBody =
                """
                {
                    "properties": {
                        "jobType": "FlinkJob",
                        "jobName": "<JOB_NAME>",
                        "action": "NEW",
                        "jobJarDirectory": "<JOB_JAR_STORAGE_PATH>",
                        "jarName": "<JOB_JAR_NAME>",
                        "entryClass": "<JOB_ENTRY_CLASS>",
                        "args": "<JOB_JVM_ARGUMENT>"
                        "flinkConfiguration": {
                            "parallelism": "<JOB_PARALLELISM>",
                            "savepoint.directory": "<JOB_SAVEPOINT_DIRECTORY_STORAGE_PATH>"
                        }
                     }
                }
                """
                        .replace("<JOB_NAME>", "seed")
                        .replace("<JOB_JAR_STORAGE_PATH>", sluice.jars().toUri().toString())
                        .replace("<JOB_JAR_NAME>", "counter.jar")
                        .replace("<JOB_ENTRY_CLASS>", "dev.sluice.examples.counter.CounterJob")
                        .replace("<JOB_JVM_ARGUMENT>", args(seedOut))
                        .replace("<JOB_PARALLELISM>", "1")
                        .replace(
                                "<JOB_SAVEPOINT_DIRECTORY_STORAGE_PATH>",
                                work.resolve("storage/seed-savepoints").toUri().toString());
        assertThat(sluice.run(newBody).path("status").asString()).isEqualTo("RUNNING");
        String stop =
                """
                   {
                      "properties": {
                        "jobType": "FlinkJob",
                        "jobName": "<JOB_NAME>",
                        "action": "STOP"
                      }
                    }
                """
                        .replace("<JOB_NAME>", "seed");
        String savepoint = sluice.run(stop).path("lastSavePoint").asString();
        String start =
                """
                   {
                      "properties": {
                         "jobType": "FlinkJob",
                         "jobName": "<JOB_NAME>",
                         "action": "START",
                         "savePointName": "<SAVEPOINT_NAME>"
                      }
                    }
                """
                        .replace("<JOB_NAME>", "seed")
                        .replace(
                                "<SAVEPOINT_NAME>",
                                savepoint.substring(savepoint.lastIndexOf('/') + 1));
        assertThat(sluice.run(start).path("status").asString()).isEqualTo("RUNNING");
        String update =
                """
                  {
                      "properties": {
                          "jobType": "FlinkJob",
                          "jobName": "<JOB_NAME>",
                          "action": "UPDATE",
                          "args" : "<JOB_JVM_ARGUMENT>",
                          "savePointName": "<SAVEPOINT_NAME>"
                      }
                  }
                """
                        .replace("<JOB_NAME>", "seed")
                        .replace("<JOB_JVM_ARGUMENT>", args(seedOut))
                        .replace("<SAVEPOINT_NAME>", savepoint);
        assertThat(sluice.run(update).path("status").asString()).isEqualTo("RUNNING");
        String simple =
                """
                  {
                      "properties": {
                          "jobType": "FlinkJob",
                          "jobName": "<JOB_NAME>",
                          "action": "<ACTION>"
                      }
                  }
                """
                        .replace("<JOB_NAME>", "seed");
        assertThat(
                        sluice.run(simple.replace("<ACTION>", "SAVEPOINT"))
                                .path("actionResult")
                                .asString())
                .isEqualTo("SUCCESS");
        assertThat(
                        sluice.run(simple.replace("<ACTION>", "LIST_SAVEPOINT"))
                                .path("jobOutput")
                                .asString())
                .contains("savepoint-");
        String stateless =
                """
                  {
                      "properties": {
                          "jobType": "FlinkJob",
                          "jobName": "<JOB_NAME>",
                          "action": "STATELESS_UPDATE",
                          "args" : "<JOB_JVM_ARGUMENT>"
                      }
                  }
                """
                        .replace("<JOB_NAME>", "seed")
                        .replace("<JOB_JVM_ARGUMENT>", args(seedOut));
        assertThat(sluice.run(stateless).path("status").asString()).isEqualTo("RUNNING");
        assertThat(sluice.run(simple.replace("<ACTION>", "CANCEL")).path("status").asString())
                .isEqualTo("CANCELLED");
        assertThat(sluice.run(simple.replace("<ACTION>", "DELETE")).path("actionResult").asString())
                .isEqualTo("SUCCESS");
    }

    /**
     * The wire is lenient as ARM's is: a number in flinkConfiguration and args, a form Content-Type
     * (what {@code curl -d @file} sends) and a chunked body are accepted; a value that cannot be a
     * string is still refused naming its field. A NEW that fails answers its error on Location.
     */
    @Test
    @Order(4)
    void lenientWireAndAFailedActionAnswersItsErrorOnLocation() {
        String numbers =
                sluice.newJob("lenient", args(work.resolve("out-lenient")))
                        .replace(
                                "\"parallelism\":\"1\"",
                                "\"parallelism\":1,\"pipeline.object-reuse\":true");
        Answer accepted =
                sluice.api()
                        .sendChunked(
                                "POST",
                                CLUSTER + "/runJob",
                                "application/x-www-form-urlencoded",
                                numbers);
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        assertThat(accepted.header("Retry-After")).isNotBlank();
        JsonNode running = sluice.awaitOperation(accepted.header("Location"));
        assertThat(running.path("flinkConfiguration").path("parallelism").asString())
                .isEqualTo("1");
        assertThat(running.path("flinkConfiguration").path("pipeline.object-reuse").asString())
                .isEqualTo("true");
        sluice.run(action("lenient", "CANCEL", null));
        sluice.run(action("lenient", "DELETE", null));

        Answer untyped =
                sluice.api()
                        .post(
                                CLUSTER + "/runJob",
                                sluice.newJob("wrong", "x")
                                        .replace(
                                                "\"parallelism\":\"1\"",
                                                "\"parallelism\":{\"n\":1}"));
        assertThat(untyped.status()).isEqualTo(400);
        assertThat(untyped.body().path("error").path("target").asString())
                .isEqualTo("properties.flinkConfiguration.parallelism");

        Answer broken =
                sluice.api()
                        .post(
                                CLUSTER + "/runJob",
                                sluice.newJob("broken", args(work.resolve("out-broken")))
                                        .replace("counter.CounterJob", "counter.NoSuchJob"));
        assertThat(broken.status()).as(broken.raw()).isEqualTo(202);
        Answer failed = sluice.awaitEnded(broken.header("Location"));
        assertThat(failed.status()).as(failed.raw()).isEqualTo(400);
        assertThat(failed.errorCode()).isEqualTo("ActionFailed");
        assertThat(failed.body().path("error").path("message").asString()).contains("NoSuchJob");
        assertThat(
                        sluice.api()
                                .getUrl(broken.header("Azure-AsyncOperation"))
                                .body()
                                .path("status")
                                .asString())
                .isEqualTo("Failed");
        sluice.run(action("broken", "DELETE", null));
    }
}
