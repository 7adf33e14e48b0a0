package dev.sluice.server.deploy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A deployment target for tests that runs nothing: it knows some Flink versions, and an applied
 * spec is ready at once at a made-up REST URL.
 */
public final class FakeDeploymentTarget implements DeploymentTarget {

    private final String name;
    private final List<String> versions;
    private final Map<String, ClusterSpec> applied = new ConcurrentHashMap<>();

    public FakeDeploymentTarget(String name, String... versions) {
        this.name = name;
        this.versions = List.of(versions);
    }

    /** The targets of a server whose clusters run on a fake local target with these versions. */
    public static DeploymentTargets localWith(String... versions) {
        return new DeploymentTargets(
                List.of(new FakeDeploymentTarget(DeploymentTargets.LOCAL, versions)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void apply(ClusterSpec spec) {
        applied.put(spec.deploymentId(), spec);
    }

    @Override
    public DeploymentState observe(String deploymentId) {
        return applied.containsKey(deploymentId)
                ? new DeploymentState.Ready(URI.create("http://127.0.0.1:8081"), versions.get(0))
                : new DeploymentState.Missing();
    }

    @Override
    public void remove(String deploymentId) {
        applied.remove(deploymentId);
    }

    @Override
    public FlinkVersions flinkVersions() {
        return new FlinkVersions(versions, null);
    }

    @Override
    public List<LogFile> logs(String deploymentId) {
        return List.of();
    }
}
