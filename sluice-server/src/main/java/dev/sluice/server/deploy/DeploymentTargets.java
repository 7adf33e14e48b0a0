package dev.sluice.server.deploy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The registered deployment targets by name, in the spirit of the operator's {@code
 * ReconcilerFactory}: a cluster's record implies one name, and everything done to the cluster goes
 * to that target.
 */
@Component
public class DeploymentTargets {

    /** Flink processes that Sluice runs on this machine. */
    public static final String LOCAL = "local";

    /** A cluster that runs elsewhere and is only reached at its REST URL. */
    public static final String EXTERNAL = "external";

    private final Map<String, DeploymentTarget> byName;

    public DeploymentTargets(List<DeploymentTarget> targets) {
        this.byName =
                targets.stream()
                        .collect(
                                Collectors.toUnmodifiableMap(
                                        DeploymentTarget::name, Function.identity()));
    }

    /**
     * The target of that name.
     *
     * @throws IllegalStateException when no target of that name is registered
     */
    public DeploymentTarget get(String name) {
        DeploymentTarget target = byName.get(name);
        if (target == null) {
            throw new IllegalStateException(
                    "No deployment target '" + name + "' is registered; known: " + byName.keySet());
        }
        return target;
    }
}
