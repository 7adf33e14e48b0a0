package dev.sluice.server.deploy;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Where clusters run (the port): a target applies a cluster spec, reports how its deployment is
 * doing, removes it, and names the Flink versions it can run, in the spirit of the Flink Kubernetes
 * Operator's {@code FlinkService}. A new target implements this interface and is registered as a
 * Spring bean; {@link DeploymentTargets} finds it by {@link #name()}.
 */
public interface DeploymentTarget {

    /** The name a cluster selects this target by, for example {@value DeploymentTargets#LOCAL}. */
    String name();

    /**
     * Makes the deployment look like {@code spec} and returns without waiting for it: the same spec
     * again changes nothing, a changed one (another Application-mode run, another Flink version)
     * deploys again, a failed one is tried again; a running one that differs only in its number of
     * TaskManagers is scaled in place where the target can. {@link #observe} tells how it goes.
     *
     * @throws DeploymentException when the target cannot take the spec at all (an invalid spec, an
     *     unknown Flink version)
     */
    void apply(ClusterSpec spec);

    /**
     * How the deployment is doing now. A deployment the target does not hold in memory (after a
     * server restart) is looked for where the target keeps it, and taken over if it still runs.
     */
    DeploymentState observe(String deploymentId);

    /**
     * Stops the deployment (a start under way first) and forgets it; its storage and logs stay.
     * Blocks until it is stopped.
     */
    void remove(String deploymentId);

    /** The Flink versions this target can run. */
    FlinkVersions flinkVersions();

    /** The deployment's process logs as they are now; empty when the target keeps none. */
    List<LogFile> logs(String deploymentId);

    /**
     * The deployment's web endpoints beside its REST API, by name: {@value #HISTORY_SERVER} (the
     * HistoryServer's web UI) and {@code prometheus.<process>} (a process's Prometheus scrape URL);
     * empty when it has none.
     */
    default Map<String, URI> endpoints(String deploymentId) {
        return Map.of();
    }

    /** The name of the HistoryServer's web UI among the {@link #endpoints}. */
    String HISTORY_SERVER = "historyServer";

    /** The prefix of the Prometheus scrape URLs among the {@link #endpoints}. */
    String PROMETHEUS = "prometheus.";
}
