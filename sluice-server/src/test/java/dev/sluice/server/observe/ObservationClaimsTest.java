package dev.sluice.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.store.Leases;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each cluster is observed by one live server, the clusters spread evenly over the servers. */
class ObservationClaimsTest {

    private final ObserverFixture fixture = new ObserverFixture();

    @Test
    void clustersSpreadOverLiveServersAndFollowAStoppedOne() {
        List<ClusterRecord> clusters = new ArrayList<>();
        for (String name : List.of("c1", "c2", "c3", "c4")) {
            clusters.add(fixture.cluster(name));
        }
        Leases a = fixture.leases("a");
        Leases b = fixture.leases("b");
        a.heartbeat();
        b.heartbeat();
        ObservationClaims onA = new ObservationClaims(a);
        ObservationClaims onB = new ObservationClaims(b);

        List<ClusterRecord> mineA = onA.mine(clusters);
        List<ClusterRecord> mineB = onB.mine(clusters);

        assertThat(mineA).hasSize(2);
        assertThat(mineB).hasSize(2).doesNotContainAnyElementsOf(mineA);
        assertThat(onA.mine(clusters)).isEqualTo(mineA);

        onB.destroy();
        b.leave();

        assertThat(onA.mine(clusters)).containsExactlyInAnyOrderElementsOf(clusters);
    }

    @Test
    void aJoiningServerGetsItsShareHandedOver() {
        List<ClusterRecord> clusters = List.of(fixture.cluster("c1"), fixture.cluster("c2"));
        Leases a = fixture.leases("a");
        a.heartbeat();
        ObservationClaims onA = new ObservationClaims(a);
        assertThat(onA.mine(clusters)).hasSize(2);

        Leases b = fixture.leases("b");
        b.heartbeat();
        ObservationClaims onB = new ObservationClaims(b);

        assertThat(onA.mine(clusters)).hasSize(1);
        assertThat(onB.mine(clusters)).hasSize(1).doesNotContainAnyElementsOf(onA.mine(clusters));
    }
}
