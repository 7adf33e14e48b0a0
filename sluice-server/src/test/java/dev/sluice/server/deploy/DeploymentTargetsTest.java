package dev.sluice.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentTargetsTest {

    @Test
    void findsATargetByItsName() {
        FakeDeploymentTarget local = new FakeDeploymentTarget(DeploymentTargets.LOCAL, "1.20.3");
        FakeDeploymentTarget other = new FakeDeploymentTarget("kubernetes", "2.3.0");

        DeploymentTargets targets = new DeploymentTargets(List.of(local, other));

        assertThat(targets.get("local")).isSameAs(local);
        assertThat(targets.get("kubernetes")).isSameAs(other);
        assertThatThrownBy(() -> targets.get("external"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No deployment target 'external'");
    }

    @Test
    void versionsResolveByFullVersionOrLineNewestFirst() {
        FlinkVersions versions = new FlinkVersions(List.of("1.20.2", "1.20.3", "2.3.0"), null);

        assertThat(versions.resolve("1.20")).isEqualTo("1.20.3");
        assertThat(versions.resolve("2")).isEqualTo("2.3.0");
        assertThat(versions.resolve("1.20.2")).isEqualTo("1.20.2");
        assertThatThrownBy(() -> versions.resolve("1.2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'1.2' is not available")
                .hasMessageContaining("[1.20.2, 1.20.3, 2.3.0]");
        assertThatThrownBy(() -> new FlinkVersions(List.of(), "build some").resolve("1.20"))
                .hasMessageEndingWith("available: [] (build some)");
    }

    @Test
    void anExceptionCarriesItsTypedFailure() {
        DeploymentException e =
                new DeploymentException(
                        new DeploymentFailure(
                                DeploymentFailure.Kind.PROCESS_EXITED, "it died", "tail"));

        assertThat(e.getMessage()).isEqualTo("it died");
        assertThat(e.failure().kind()).isEqualTo(DeploymentFailure.Kind.PROCESS_EXITED);
        assertThat(e.failure().prefixed("Redeploying failed: ").message())
                .isEqualTo("Redeploying failed: it died");
    }
}
