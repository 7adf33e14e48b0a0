package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Cluster;
import dev.sluice.client.FakeSluice.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OperationsTest {

    private static final ClusterRef CLUSTER = new ClusterRef("sub1", "rg1", "pool1", "flink1");
    private static final String PATH =
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/pool1/clusters/flink1";
    private static final String OPS =
            "/subscriptions/sub1/providers/Microsoft.HDInsight/locations/local";

    private FakeSluice fake;
    private MutableClock clock;
    private List<Duration> sleeps;
    private SluiceClient client;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeSluice();
        clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
        sleeps = new ArrayList<>();
        // Sleeping moves the test clock instead of the wall clock: a 10 min timeout takes no time.
        client =
                SluiceClient.builder(fake.uri())
                        .clock(clock)
                        .sleeper(
                                duration -> {
                                    sleeps.add(duration);
                                    clock.advance(duration);
                                })
                        .build();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private void acceptPut() {
        fake.on(
                "PUT",
                PATH,
                request ->
                        Reply.json(
                                        201,
                                        "{\"name\":\"flink1\",\"properties\":{\"provisioningState\":\"Accepted\"}}")
                                .header(
                                        "Location",
                                        fake.url(OPS + "/operationResults/op1?api-version=x"))
                                .header(
                                        "Azure-AsyncOperation",
                                        fake.url(OPS + "/operationStatuses/op1?api-version=x"))
                                .header("Retry-After", "2"));
    }

    @Test
    void anOperationThatNeverEndsTimesOutAfterTheGivenTime() {
        acceptPut();
        fake.on(
                "GET",
                OPS + "/operationResults/op1",
                request -> Reply.empty(202).header("Retry-After", "2"));
        List<OperationProgress> progress = new ArrayList<>();

        assertThatThrownBy(
                        () ->
                                client.clusters()
                                        .put(
                                                CLUSTER,
                                                new Cluster("x", null, null, "local", null, null),
                                                Duration.ofSeconds(15),
                                                progress::add))
                .isInstanceOfSatisfying(
                        SluiceTimeoutException.class,
                        e -> {
                            assertThat(e.waited()).isGreaterThanOrEqualTo(Duration.ofSeconds(15));
                            assertThat(e.operation().getPath())
                                    .isEqualTo(OPS + "/operationResults/op1");
                            assertThat(e.getMessage()).contains("still in progress");
                        });
        // Retry-After is honoured, and the last pause is cut to the time that was left.
        assertThat(sleeps).startsWith(Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus))
                .isEqualTo(Duration.ofSeconds(15));
        assertThat(progress).hasSize(fake.requests("GET", OPS + "/operationResults/op1").size());
        assertThat(progress.get(progress.size() - 1).elapsed()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void aNewLocationIsFollowedAndTheFinalResourceReturned() {
        acceptPut();
        fake.on(
                "GET",
                OPS + "/operationResults/op1",
                request ->
                        Reply.empty(202)
                                .header(
                                        "Location",
                                        fake.url(OPS + "/operationResults/op1b?api-version=x")));
        fake.on(
                "GET",
                OPS + "/operationResults/op1b",
                request ->
                        Reply.json(
                                200,
                                "{\"name\":\"flink1\",\"properties\":{\"provisioningState\":\"Succeeded\"}}"));

        Cluster cluster =
                client.clusters()
                        .put(
                                CLUSTER,
                                new Cluster(null, null, null, "local", null, null),
                                Duration.ofMinutes(1),
                                null);

        assertThat(cluster.properties().provisioningState()).isEqualTo("Succeeded");
        // No Retry-After on the polls: the one of the acceptance stays in force.
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void aFailedClusterOperationIsTheServersError() {
        acceptPut();
        fake.on(
                "GET",
                OPS + "/operationResults/op1",
                request ->
                        Reply.json(
                                409,
                                "{\"error\":{\"code\":\"ClusterStartFailed\",\"message\":\"JobManager died\"}}"));

        assertThatThrownBy(
                        () ->
                                client.clusters()
                                        .put(
                                                CLUSTER,
                                                new Cluster(null, null, null, "local", null, null),
                                                Duration.ofMinutes(1),
                                                null))
                .isInstanceOfSatisfying(
                        SluiceApiException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(409);
                            assertThat(e.code()).isEqualTo("ClusterStartFailed");
                            assertThat(e.errorMessage()).isEqualTo("JobManager died");
                        });
    }

    @Test
    void aDeleteEndsWithNoResource() {
        fake.on(
                "DELETE",
                PATH,
                request ->
                        Reply.empty(202)
                                .header(
                                        "Location",
                                        fake.url(OPS + "/operationResults/op2?api-version=x")));
        AtomicInteger polls = new AtomicInteger();
        fake.on(
                "GET",
                OPS + "/operationResults/op2",
                request -> polls.incrementAndGet() < 2 ? Reply.empty(202) : Reply.empty(204));

        client.clusters().delete(CLUSTER, Duration.ofMinutes(1), null);

        assertThat(polls).hasValue(2);
        assertThat(sleeps).containsExactly(Operations.DEFAULT_INTERVAL);
    }

    @Test
    void deletingNothingIsDoneAtOnce() {
        fake.on("DELETE", PATH, request -> Reply.empty(204));

        Operation<Void> operation = client.clusters().beginDelete(CLUSTER);

        assertThat(operation.done()).isTrue();
        assertThat(client.operations().await(operation, Duration.ZERO, null)).isNull();
    }

    @Test
    void withoutLocationTheStatusDocumentIsPolled() {
        fake.on(
                "PUT",
                PATH,
                request ->
                        Reply.json(201, "{\"name\":\"flink1\"}")
                                .header(
                                        "Azure-AsyncOperation",
                                        fake.url(OPS + "/operationStatuses/op3?api-version=x")));
        AtomicInteger polls = new AtomicInteger();
        fake.on(
                "GET",
                OPS + "/operationStatuses/op3",
                request ->
                        Reply.json(
                                200,
                                polls.incrementAndGet() < 2
                                        ? "{\"status\":\"InProgress\"}"
                                        : "{\"status\":\"Failed\",\"error\":{\"code\":\"ClusterStartFailed\",\"message\":\"no slots\"}}"));
        List<OperationProgress> progress = new ArrayList<>();

        assertThatThrownBy(
                        () ->
                                client.clusters()
                                        .put(
                                                CLUSTER,
                                                new Cluster(null, null, null, "local", null, null),
                                                Duration.ofMinutes(1),
                                                progress::add))
                .isInstanceOfSatisfying(
                        SluiceApiException.class,
                        e -> assertThat(e.code()).isEqualTo("ClusterStartFailed"));
        assertThat(progress).extracting(OperationProgress::status).containsExactly("InProgress");
    }
}
