package dev.sluice.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.security.ArmRequests.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArmRequestsTest {

    private static final String POOL =
            "/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/p1";
    private static final String CLUSTER = POOL + "/clusters/c1";

    private static Role needs(String method, String path) {
        ArmRequests.Requirement requirement =
                ArmRequests.requirement(method, ArmRequests.segments(path));
        assertThat(requirement.path()).isEqualTo(path);
        return requirement.role();
    }

    @Test
    void readingNeedsReader() {
        for (String path :
                List.of(
                        POOL,
                        CLUSTER,
                        CLUSTER + "/jobs",
                        CLUSTER + "/jobs/j1",
                        CLUSTER + "/operationResults/x",
                        "/subscriptions/s1/providers/Microsoft.HDInsight/clusterpools")) {
            assertThat(needs("GET", path)).as(path).isEqualTo(Role.Reader);
            assertThat(needs("HEAD", path)).as(path).isEqualTo(Role.Reader);
        }
    }

    @Test
    void runningJobsAndUploadingJarsNeedContributor() {
        assertThat(needs("POST", CLUSTER + "/runJob")).isEqualTo(Role.Contributor);
        assertThat(needs("POST", CLUSTER + "/runjob")).isEqualTo(Role.Contributor);
        assertThat(needs("POST", CLUSTER.toUpperCase() + "/RUNJOB")).isEqualTo(Role.Contributor);
        assertThat(needs("PUT", CLUSTER + "/jars/job.jar")).isEqualTo(Role.Contributor);
        assertThat(needs("PUT", CLUSTER.replace("clusterpools", "clusterPools") + "/Jars/a.jar"))
                .isEqualTo(Role.Contributor);
    }

    @Test
    void everyOtherChangeNeedsOwner() {
        assertThat(needs("PUT", POOL)).isEqualTo(Role.Owner);
        assertThat(needs("PATCH", POOL)).isEqualTo(Role.Owner);
        assertThat(needs("DELETE", POOL)).isEqualTo(Role.Owner);
        assertThat(needs("PUT", CLUSTER)).isEqualTo(Role.Owner);
        assertThat(needs("PATCH", CLUSTER)).isEqualTo(Role.Owner);
        assertThat(needs("DELETE", CLUSTER)).isEqualTo(Role.Owner);
        assertThat(needs("DELETE", CLUSTER + "/jars/job.jar")).isEqualTo(Role.Owner);
        assertThat(needs("POST", CLUSTER + "/jars/job.jar")).isEqualTo(Role.Owner);
        assertThat(needs("PUT", CLUSTER + "/runJob")).isEqualTo(Role.Owner);
        assertThat(needs("OPTIONS", CLUSTER)).isEqualTo(Role.Owner);
    }

    @Test
    void namesThatLookLikeActionsAreNotActions() {
        // A pool called "jars" with a cluster called "x", a cluster called "runJob": Owner.
        String poolJars =
                "/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.HDInsight/clusterpools/jars";
        assertThat(needs("PUT", poolJars + "/clusters/x")).isEqualTo(Role.Owner);
        assertThat(needs("PUT", POOL + "/clusters/runJob")).isEqualTo(Role.Owner);
        assertThat(needs("POST", POOL + "/clusters/runJob")).isEqualTo(Role.Owner);
        assertThat(needs("PUT", POOL + "/clusters/jars")).isEqualTo(Role.Owner);
        assertThat(needs("PUT", POOL + "/jars/x.jar")).isEqualTo(Role.Owner);
        assertThat(needs("POST", CLUSTER + "/jobs/runJob")).isEqualTo(Role.Owner);
        assertThat(
                        needs(
                                "PUT",
                                "/subscriptions/s1/resourceGroups/rg1/providers/Other.Provider/clusterpools/p1/clusters/c1/jars/a.jar"))
                .isEqualTo(Role.Owner);
    }

    @Test
    void decodesSegmentsAsSpringMvcDoes() {
        assertThat(ArmRequests.segments("/subscriptions/s%31/resourceGroups/r%20g"))
                .containsExactly("subscriptions", "s1", "resourceGroups", "r g");
        assertThat(ArmRequests.path(ArmRequests.segments("/subscriptions/s%31")))
                .isEqualTo("/subscriptions/s1");
        assertThat(ArmRequests.segments("/")).isEmpty();
    }

    @Test
    void knowsWhatIsOpenWhatIsAResourceAndWhatIsMiscased() {
        assertThat(kind("/actuator/health")).isEqualTo(Kind.OPEN);
        assertThat(kind("/actuator/health/liveness")).isEqualTo(Kind.OPEN);
        assertThat(kind("/oauth2/token")).isEqualTo(Kind.OPEN);
        assertThat(kind("/oauth2/jwks")).isEqualTo(Kind.OPEN);
        assertThat(kind("/.well-known/openid-configuration")).isEqualTo(Kind.OPEN);
        assertThat(kind("/OAUTH2/TOKEN")).isEqualTo(Kind.AUTHENTICATED);
        assertThat(kind("/actuator/env")).isEqualTo(Kind.AUTHENTICATED);
        assertThat(kind("/actuator/healthy")).isEqualTo(Kind.AUTHENTICATED);
        assertThat(kind("/subscriptions/s1")).isEqualTo(Kind.RESOURCE);
        assertThat(kind("/Subscriptions/s1/resourceGroups/x")).isEqualTo(Kind.RESOURCE);
        assertThat(kind("/providers/Sluice.Security/principals")).isEqualTo(Kind.AUTHENTICATED);
        assertThat(kind("/PORTAL/pools")).isEqualTo(Kind.MISCASED_BROWSER);
        assertThat(kind("/Login")).isEqualTo(Kind.MISCASED_BROWSER);
        assertThat(kind("/portalx")).isEqualTo(Kind.AUTHENTICATED);
    }

    private static Kind kind(String path) {
        return ArmRequests.kind(path, ArmRequests.segments(path));
    }

    @Test
    void findsThePoolAndClusterOperationToPoll() {
        String base = "/subscriptions/s1/providers/Microsoft.HDInsight/locations/West%20Europe";
        assertThat(
                        ArmRequests.locationOperation(
                                ArmRequests.segments(base + "/operationStatuses/o1")))
                .contains("o1");
        assertThat(
                        ArmRequests.locationOperation(
                                ArmRequests.segments(base + "/operationresults/o2")))
                .contains("o2");
        assertThat(
                        ArmRequests.locationOperation(
                                ArmRequests.segments(CLUSTER + "/operationResults/o3")))
                .isEmpty();
        assertThat(ArmRequests.locationOperation(ArmRequests.segments(base + "/other/o4")))
                .isEmpty();
    }

    @Test
    void namesOperationsByTheirPathPattern() {
        assertThat(ArmRequests.operation("PUT", ArmRequests.segments(CLUSTER)))
                .isEqualTo(
                        "PUT /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}"
                                + "/providers/Microsoft.HDInsight/clusterpools/{clusterPoolName}"
                                + "/clusters/{clusterName}");
        assertThat(ArmRequests.operation("PUT", ArmRequests.segments(CLUSTER + "/jars/a.jar")))
                .endsWith("/clusters/{clusterName}/jars/{fileName}");
        assertThat(ArmRequests.operation("GET", ArmRequests.segments(CLUSTER + "/jobs")))
                .endsWith("/clusters/{clusterName}/jobs");
        assertThat(
                        ArmRequests.operation(
                                "DELETE",
                                ArmRequests.segments(
                                        "/providers/Sluice.Security/roleAssignments/r1")))
                .isEqualTo(
                        "DELETE /providers/Sluice.Security/roleAssignments/{roleAssignmentName}");
        assertThat(ArmRequests.operation("POST", ArmRequests.segments("/oauth2/token")))
                .isEqualTo("POST /oauth2/token");
        assertThat(ArmRequests.operation("POST", List.of())).isEqualTo("POST /");
    }

    @Test
    void describesWhatWasNeeded() {
        assertThat(new ArmRequests.Requirement(Role.Reader, POOL).describe())
                .isEqualTo("Reader (or higher) over '" + POOL + "'");
        assertThat(new ArmRequests.Requirement(Role.Owner, "/").describe())
                .isEqualTo("Owner over '/'");
    }
}
