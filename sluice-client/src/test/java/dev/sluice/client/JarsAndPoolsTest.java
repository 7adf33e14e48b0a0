package dev.sluice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.ClusterPool;
import dev.sluice.client.FakeSluice.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarsAndPoolsTest {

    private static final String GROUP =
            "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.HDInsight";
    private static final PoolRef POOL = new PoolRef("sub1", "rg1", "pool1");

    private FakeSluice fake;
    private SluiceClient client;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeSluice();
        client = SluiceClient.builder(fake.uri()).build();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void aJarIsPutAsRawBytesIntoTheNamedDirectory(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("my job.jar");
        Files.write(jar, new byte[] {'P', 'K', 3, 4, 42});
        String path = POOL.path() + "/clusters/flink1/jars/my%20job.jar";
        fake.on(
                "PUT",
                "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/pool1/clusters/flink1/jars/my job.jar",
                request ->
                        Reply.json(
                                201,
                                "{\"jobJarDirectory\":\"file:///s/releases\",\"jarName\":\"my job.jar\",\"size\":5}"));

        UploadedJar uploaded =
                client.jars().upload(POOL.cluster("flink1"), jar, "my job.jar", "releases");

        assertThat(uploaded).isEqualTo(new UploadedJar("file:///s/releases", "my job.jar", 5));
        FakeSluice.Request request = fake.requests.get(0);
        assertThat(request.uri().getRawPath()).isEqualTo(path);
        assertThat(request.query("directory")).isEqualTo("releases");
        assertThat(request.body()).containsExactly('P', 'K', 3, 4, 42);
    }

    @Test
    void aMissingJarIsRefusedBeforeAnyCall(@TempDir Path dir) {
        assertThatThrownBy(() -> client.jars().upload(POOL.cluster("c"), dir.resolve("no.jar")))
                .isInstanceOf(SluiceClientException.class)
                .hasMessageContaining("No such jar");
        assertThat(fake.requests).isEmpty();
    }

    @Test
    void poolsArePutListedAndDeleted() {
        fake.on(
                "PUT",
                GROUP + "/clusterpools/pool1",
                request ->
                        Reply.json(201, request.bodyText().replace("{", "{\"name\":\"pool1\",")));
        fake.on(
                "GET",
                GROUP + "/clusterpools",
                request ->
                        Reply.json(200, "{\"value\":[{\"name\":\"pool1\"},{\"name\":\"pool2\"}]}"));
        fake.on(
                "GET",
                "/subscriptions/sub1/providers/Microsoft.HDInsight/clusterpools",
                request -> Reply.json(200, "{\"value\":[{\"name\":\"pool3\"}]}"));
        fake.on("DELETE", GROUP + "/clusterpools/pool1", request -> Reply.empty(200));
        fake.on("DELETE", GROUP + "/clusterpools/gone", request -> Reply.empty(204));

        ClusterPool created =
                client.pools().put(POOL, new ClusterPool(null, null, null, "local", null, null));

        assertThat(created.name()).isEqualTo("pool1");
        assertThat(created.location()).isEqualTo("local");
        assertThat(fake.requests.get(0).bodyText()).isEqualTo("{\"location\":\"local\"}");
        assertThat(client.pools().list("sub1", "rg1"))
                .extracting(ClusterPool::name)
                .isEqualTo(List.of("pool1", "pool2"));
        assertThat(client.pools().list("sub1", null))
                .extracting(ClusterPool::name)
                .containsExactly("pool3");
        assertThat(client.pools().delete(POOL)).isTrue();
        assertThat(client.pools().delete(new PoolRef("sub1", "rg1", "gone"))).isFalse();
    }
}
