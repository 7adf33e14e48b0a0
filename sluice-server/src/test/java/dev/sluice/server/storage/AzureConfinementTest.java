package dev.sluice.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.common.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Azure storage URIs taken apart, and the confinement of job paths to a cluster's root. */
class AzureConfinementTest {

    private static final String ROOT = "abfs://flink@teststorage.dfs.core.windows.net/clusters/c1";

    private final AzureStorage storage = new AzureStorage(AzureClients.of("http://unused"));
    private final List<StorageLocation> roots = List.of(storage.root(ROOT));

    @Test
    void parsesTheSeedsAbfsPathAndBothSchemeFamilies() {
        AzureLocation seed =
                AzureLocation.parse(
                        "abfs://flink@teststorage.dfs.core.windows.net/appmode/job.jar");
        assertThat(seed.container()).isEqualTo("flink");
        assertThat(seed.account()).isEqualTo("teststorage");
        assertThat(seed.suffix()).isEqualTo("core.windows.net");
        assertThat(seed.blobName()).isEqualTo("appmode/job.jar");

        AzureLocation wasbs =
                AzureLocation.parse("WASBS://Flink@TestStorage.blob.core.chinacloudapi.cn//a//b/");
        assertThat(wasbs.uri())
                .isEqualTo("wasbs://flink@teststorage.blob.core.chinacloudapi.cn/a/b");
        assertThat(AzureLocation.parse("abfss://flink@teststorage.dfs.core.windows.net").path())
                .isEqualTo("/");
        assertThat(AzureLocation.parse("wasb://c-1@acc.blob.core.windows.net/my%20jar.jar").uri())
                .isEqualTo("wasb://c-1@acc.blob.core.windows.net/my%20jar.jar");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abfs://teststorage.dfs.core.windows.net/x",
                "abfs://flink@teststorage.blob.core.windows.net/x",
                "wasbs://flink@teststorage.dfs.core.windows.net/x",
                "abfs://Fl_ink@teststorage.dfs.core.windows.net/x",
                "abfs://fl@teststorage.dfs.core.windows.net/x",
                "abfs://flink@te.dfs.core.windows.net/x",
                "abfs://flink@teststorage.dfs.core.windows.net/x?sig=abc",
                "abfs://flink@teststorage.dfs/x",
                "abfs:flink"
            })
    void refusesMalformedUris(String uri) {
        assertThatThrownBy(() -> AzureLocation.parse(uri))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.resolve(roots, uri, "jobJarDirectory"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining(uri)
                .extracting(e -> ((ApiException) e).code())
                .isEqualTo("InvalidStoragePath");
    }

    @Test
    void resolvesUrisOfEitherSchemeAndRelativePathsUnderTheRoot() {
        assertThat(storage.resolve(roots, ROOT + "/jars/", "jobJarDirectory").uri())
                .isEqualTo(ROOT + "/jars");
        assertThat(
                        storage.resolve(
                                        roots,
                                        "wasbs://flink@teststorage.blob.core.windows.net/clusters/c1/sp",
                                        "savepoint.directory")
                                .uri())
                .isEqualTo("wasbs://flink@teststorage.blob.core.windows.net/clusters/c1/sp");
        assertThat(storage.resolve(roots, "jars/job.jar", "jobJarDirectory").uri())
                .isEqualTo(ROOT + "/jars/job.jar");
        assertThat(storage.resolve(roots, ROOT, "jobJarDirectory").uri()).isEqualTo(ROOT);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abfs://flink@teststorage.dfs.core.windows.net/clusters/c2/jars",
                "abfs://flink@teststorage.dfs.core.windows.net/clusters/c1x",
                "abfs://flink@teststorage.dfs.core.windows.net/",
                "abfs://other@teststorage.dfs.core.windows.net/clusters/c1/jars",
                "abfs://flink@otherstorage.dfs.core.windows.net/clusters/c1/jars",
                "abfs://flink@teststorage.dfs.core.chinacloudapi.cn/clusters/c1/jars",
                "abfs://flink@teststorage.dfs.core.windows.net/clusters/c1/../c2",
                "abfs://flink@teststorage.dfs.core.windows.net/clusters/c1/%2e%2e/c2",
                "abfs://flink@teststorage.dfs.core.windows.net/clusters/c1/%252e%252e/c2",
                "abfs://flink@teststorage.dfs.core.windows.net/clusters/c1/a%2f..%2fb",
                "../c2",
                "jars/%2E%2E/%2e%2e/c2"
            })
    void refusesWhatLeavesTheRoot(String value) {
        assertThatThrownBy(() -> storage.resolve(roots, value, "jobJarDirectory"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("jobJarDirectory '" + value + "'")
                .extracting(e -> ((ApiException) e).code())
                .isEqualTo("PathOutsideStorage");
    }

    @Test
    void refusesOtherSchemesAndLocalPathsInAnAzureRoot() {
        assertThatThrownBy(() -> storage.resolve(roots, "file:///data/jars", "jobJarDirectory"))
                .extracting(e -> ((ApiException) e).code())
                .isEqualTo("UnsupportedStorageScheme");
        assertThatThrownBy(() -> storage.resolve(roots, "/data/jars", "jobJarDirectory"))
                .extracting(e -> ((ApiException) e).code())
                .isEqualTo("InvalidStoragePath");
        assertThatThrownBy(() -> storage.resolve(roots, " ", "jobJarDirectory"))
                .extracting(e -> ((ApiException) e).code())
                .isEqualTo("InvalidStoragePath");
    }

    @Test
    void confinesListedEntries() {
        StorageLocation inside = storage.root(ROOT + "/savepoints/sp-1");
        assertThat(storage.confine(roots, inside, "savepoint")).isEqualTo(inside);
        StorageLocation outside =
                storage.root("abfs://flink@teststorage.dfs.core.windows.net/clusters/c2");
        assertThatThrownBy(() -> storage.confine(roots, outside, "savepoint"))
                .extracting(e -> ((ApiException) e).code())
                .isEqualTo("PathOutsideStorage");
    }

    @Test
    void schemesPickAzureByScheme() {
        StorageSchemes schemes = new StorageSchemes(List.of(new LocalStorage(), storage));
        assertThat(schemes.forUri(ROOT)).isSameAs(storage);
        assertThat(schemes.forUri("WASBS://x@y.blob.core.windows.net/")).isSameAs(storage);
        assertThat(schemes.roots(ROOT).storage()).isSameAs(storage);
        assertThat(schemes.forUri("/data")).isInstanceOf(LocalStorage.class);
    }
}
