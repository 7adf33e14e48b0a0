package dev.sluice.server.action;

import static dev.sluice.server.testing.TestFlink.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.testing.ArmClient;
import dev.sluice.server.testing.ArmClient.Answer;
import java.net.URI;
import java.nio.file.Path;

/** Registers the Flink cluster a crash test shares with a Sluice server by its REST URL. */
final class ExternalClusters {

    private ExternalClusters() {}

    /** PUTs {@code cluster} (Flink 1.20 at {@code restUrl}) and waits until it is Succeeded. */
    static void register(ArmClient api, String cluster, Path storage, URI restUrl) {
        Answer created =
                api.put(
                        cluster,
                        """
                        {"location":"local","properties":{"clusterType":"Flink",
                         "clusterProfile":{"flinkProfile":{"storage":{"storageUri":"%s"},
                         "flinkVersion":"1.20","restUrl":"%s"}}}}
                        """
                                .formatted(storage.toUri(), restUrl));
        assertThat(created.status()).as(created.raw()).isIn(200, 201);
        await(
                "cluster provisioned",
                CrashLane.WAIT,
                () ->
                        "Succeeded"
                                .equals(
                                        api.get(cluster)
                                                .body()
                                                .path("properties")
                                                .path("provisioningState")
                                                .asString()));
    }
}
