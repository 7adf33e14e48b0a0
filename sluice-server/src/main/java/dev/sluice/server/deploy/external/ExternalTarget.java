package dev.sluice.server.deploy.external;

import dev.sluice.server.deploy.ClusterSpec;
import dev.sluice.server.deploy.DeploymentFailure;
import dev.sluice.server.deploy.DeploymentFailure.Kind;
import dev.sluice.server.deploy.DeploymentState;
import dev.sluice.server.deploy.DeploymentTarget;
import dev.sluice.server.deploy.DeploymentTargets;
import dev.sluice.server.deploy.FlinkVersions;
import dev.sluice.server.deploy.LogFile;
import dev.sluice.server.flink.FlinkClient;
import dev.sluice.server.flink.FlinkRequestException;
import dev.sluice.server.flink.FlinkUnavailableException;
import dev.sluice.server.flink.RestFlinkClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * A cluster that runs elsewhere, reached only at its REST URL: the degenerate target that applies
 * nothing. Observing it asks Flink for its overview (a few attempts, since a cluster that was just
 * started may not answer yet): ready with the version Flink reports, or failed with Flink's words.
 */
@Component
class ExternalTarget implements DeploymentTarget {

    private static final int OVERVIEW_ATTEMPTS = 3;

    private final Function<URI, FlinkClient> clients;
    private final Duration pause;
    private final Map<String, URI> urls = new ConcurrentHashMap<>();
    private final Map<URI, FlinkClient> clientsByUrl = new ConcurrentHashMap<>();

    @Autowired
    ExternalTarget() {
        this(RestFlinkClient::new, Duration.ofSeconds(2));
    }

    ExternalTarget(Function<URI, FlinkClient> clients, Duration pause) {
        this.clients = clients;
        this.pause = pause;
    }

    @Override
    public String name() {
        return DeploymentTargets.EXTERNAL;
    }

    /** Remembers where the cluster answers; there is nothing to start. */
    @Override
    public void apply(ClusterSpec spec) {
        if (spec.restUrl() == null) {
            throw new IllegalArgumentException(
                    "An external cluster needs its REST URL: " + spec.deploymentId());
        }
        urls.put(spec.deploymentId(), spec.restUrl());
    }

    @Override
    public DeploymentState observe(String deploymentId) {
        URI url = urls.get(deploymentId);
        if (url == null) {
            return new DeploymentState.Missing();
        }
        FlinkClient client = clientsByUrl.computeIfAbsent(url, clients);
        RuntimeException last = null;
        for (int attempt = 1; attempt <= OVERVIEW_ATTEMPTS; attempt++) {
            try {
                return new DeploymentState.Ready(url, client.overview().flinkVersion());
            } catch (FlinkRequestException e) {
                return failed(
                        Kind.REJECTED,
                        "Flink at " + url + " refused GET /overview: " + e.getMessage());
            } catch (FlinkUnavailableException e) {
                last = e;
                if (!pause()) {
                    return failed(Kind.INTERRUPTED, "Interrupted while waiting for Flink");
                }
            }
        }
        return failed(
                Kind.UNREACHABLE,
                "Flink at " + url + " did not answer GET /overview: " + last.getMessage());
    }

    @Override
    public void remove(String deploymentId) {
        urls.remove(deploymentId);
    }

    /** Whatever the cluster runs; the version it reports is recorded once it answers. */
    @Override
    public FlinkVersions flinkVersions() {
        return new FlinkVersions(List.of(), "an external cluster runs the version it runs");
    }

    @Override
    public List<LogFile> logs(String deploymentId) {
        return List.of();
    }

    private static DeploymentState failed(Kind kind, String message) {
        return new DeploymentState.Failed(DeploymentFailure.of(kind, message));
    }

    private boolean pause() {
        try {
            Thread.sleep(pause.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
