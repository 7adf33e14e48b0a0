package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.ClusterJob;
import dev.sluice.api.ClusterJobDetail;
import dev.sluice.api.JobActionType;
import dev.sluice.client.FakeSluice.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobsTest {

    private static final ClusterRef CLUSTER = new ClusterRef("sub1", "rg1", "pool1", "flink1");
    private static final String JOBS =
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/pool1/clusters/flink1/jobs";

    private FakeSluice fake;
    private SluiceClient client;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeSluice();
        client = SluiceClient.builder(fake.uri()).pollInterval(Duration.ofMillis(10)).build();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private static String job(String name, String status) {
        return """
                {"id":"%s","name":"%s","type":"Microsoft.HDInsight/clusterPools/clusters/jobs",
                 "properties":{"jobType":"FlinkJob","jobName":"%s","status":"%s","actionResult":"SUCCESS"}}
                """
                .formatted(JOBS + "/" + name, name, name, status);
    }

    @Test
    void listFollowsNextLinkAcrossPagesKeepingTheFilter() {
        fake.on(
                "GET",
                JOBS,
                request -> {
                    String token = request.query("$skipToken");
                    if (token == null) {
                        return Reply.json(
                                200,
                                "{\"value\":[%s,%s],\"nextLink\":\"%s\"}"
                                        .formatted(
                                                job("a", "RUNNING"),
                                                job("b", "STOPPED"),
                                                fake.url(
                                                        JOBS
                                                                + "?api-version=2024-05-01-preview&$skipToken=b&$filter="
                                                                + "jarName%20eq%20x.jar")));
                    }
                    if (token.equals("b")) {
                        // A nextLink naming another host (the server behind a proxy) is followed
                        // on the client's own endpoint.
                        return Reply.json(
                                200,
                                "{\"value\":[%s],\"nextLink\":\"%s\"}"
                                        .formatted(
                                                job("c", "FAILED"),
                                                "http://sluice.internal:9999"
                                                        + JOBS
                                                        + "?api-version=2024-05-01-preview&$skipToken=c"));
                    }
                    return Reply.json(200, "{\"value\":[%s]}".formatted(job("d", "RUNNING")));
                });

        List<ClusterJob> jobs = client.jobs().list(CLUSTER, "jarName eq x.jar");

        assertThat(jobs).extracting(ClusterJob::name).containsExactly("a", "b", "c", "d");
        assertThat(jobs.get(2).properties().status()).isEqualTo("FAILED");
        List<FakeSluice.Request> calls = fake.requests("GET", JOBS);
        assertThat(calls).hasSize(3);
        assertThat(calls.get(0).query("$filter")).isEqualTo("jarName eq x.jar");
        assertThat(calls.get(0).query("api-version")).isEqualTo("2024-05-01-preview");
        assertThat(calls.get(1).query("$filter")).isEqualTo("jarName eq x.jar");
        assertThat(calls.get(2).query("$skipToken")).isEqualTo("c");
    }

    @Test
    void onePageAtATime() {
        fake.on(
                "GET",
                JOBS,
                request ->
                        request.query("$skipToken") == null
                                ? Reply.json(
                                        200,
                                        "{\"value\":[%s],\"nextLink\":\"%s\"}"
                                                .formatted(
                                                        job("a", "RUNNING"),
                                                        fake.url(
                                                                JOBS
                                                                        + "?api-version=2024-05-01-preview&$skipToken=a")))
                                : Reply.json(
                                        200, "{\"value\":[%s]}".formatted(job("b", "RUNNING"))));

        var first = client.jobs().page(CLUSTER, null, 1);
        var second = client.jobs().nextPage(first.nextLink());

        assertThat(fake.requests("GET", JOBS).get(0).query("$top")).isEqualTo("1");
        assertThat(first.value()).extracting(ClusterJob::name).containsExactly("a");
        assertThat(second.value()).extracting(ClusterJob::name).containsExactly("b");
        assertThat(second.nextLink()).isNull();
    }

    @Test
    void runJobPostsTheActionAndFollowsLocationUntilTheJobIsReturned() {
        String operation = JOBS.replace("/jobs", "/operationResults/act-1");
        AtomicInteger polls = new AtomicInteger();
        fake.on(
                "POST",
                JOBS.replace("/jobs", "/runJob"),
                request ->
                        Reply.json(202, job("counter", "RUNNING").replace("SUCCESS", "IN_PROGRESS"))
                                .header(
                                        "Location",
                                        fake.url(operation + "?api-version=2024-05-01-preview"))
                                .header("Retry-After", "1"));
        fake.on(
                "GET",
                operation,
                request ->
                        polls.incrementAndGet() < 3
                                ? Reply.empty(202).header("Retry-After", "1")
                                : Reply.json(200, job("counter", "STOPPED")));
        List<OperationProgress> progress = new java.util.ArrayList<>();

        ClusterJob done =
                client.jobs()
                        .run(
                                CLUSTER,
                                JobRequest.of(JobActionType.STOP, "counter"),
                                Duration.ofSeconds(10),
                                progress::add);

        assertThat(done.properties().status()).isEqualTo("STOPPED");
        assertThat(progress).hasSize(2);
        assertThat(progress.get(1).attempt()).isEqualTo(2);
        assertThat(progress.get(0).status()).isEqualTo("InProgress");
        String body = fake.requests("POST", JOBS.replace("/jobs", "/runJob")).get(0).bodyText();
        assertThat(body)
                .isEqualTo(
                        "{\"properties\":{\"jobType\":\"FlinkJob\",\"jobName\":\"counter\","
                                + "\"action\":\"STOP\"}}");
    }

    @Test
    void theOperationIdIsTheActionId() {
        fake.on(
                "POST",
                JOBS.replace("/jobs", "/runJob"),
                request ->
                        Reply.json(202, job("counter", "RUNNING"))
                                .header(
                                        "Location",
                                        fake.url(
                                                JOBS.replace("/jobs", "/operationResults/act-7")
                                                        + "?api-version=2024-05-01-preview")));

        Operation<ClusterJob> operation =
                client.jobs().beginRun(CLUSTER, JobRequest.of(JobActionType.SAVEPOINT, "counter"));

        assertThat(operation.id()).isEqualTo("act-7");
        assertThat(operation.done()).isFalse();
        assertThat(operation.accepted().name()).isEqualTo("counter");
    }

    @Test
    void newJobSendsTheJarAndConfiguration() {
        fake.on(
                "POST",
                JOBS.replace("/jobs", "/runJob"),
                request -> Reply.json(200, job("counter", "RUNNING")));

        client.jobs()
                .beginRun(
                        CLUSTER,
                        JobRequest.newJob("counter", "file:///s/jars", "counter.jar")
                                .entryClass("dev.Main")
                                .args("--output /tmp/x")
                                .flinkConfiguration(java.util.Map.of("parallelism", "1")));

        String body = fake.requests("POST", JOBS.replace("/jobs", "/runJob")).get(0).bodyText();
        assertThat(body)
                .contains("\"action\":\"NEW\"")
                .contains("\"jobJarDirectory\":\"file:///s/jars\"")
                .contains("\"jarName\":\"counter.jar\"")
                .contains("\"entryClass\":\"dev.Main\"")
                .contains("\"args\":\"--output /tmp/x\"")
                .contains("\"flinkConfiguration\":{\"parallelism\":\"1\"}")
                .doesNotContain("savePointName");
    }

    @Test
    void detailCarriesTheActionHistory() {
        fake.on(
                "GET",
                JOBS + "/counter",
                request ->
                        Reply.json(
                                200,
                                """
                                {"id":"x","name":"counter","properties":{"jobName":"counter","status":"RUNNING"},
                                 "actions":[{"id":"a2","action":"UPDATE","actionResult":"IN_PROGRESS","step":"stopped-with-savepoint"},
                                            {"id":"a1","action":"NEW","actionResult":"SUCCESS","newerField":1}]}
                                """));

        ClusterJobDetail detail = client.jobs().get(CLUSTER, "counter");

        assertThat(detail.actions()).hasSize(2);
        assertThat(detail.actions().get(0).step()).isEqualTo("stopped-with-savepoint");
        assertThat(detail.actions().get(1).action()).isEqualTo("NEW");
    }
}
