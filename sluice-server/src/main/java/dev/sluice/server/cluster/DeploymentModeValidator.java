package dev.sluice.server.cluster;

import static dev.sluice.server.cluster.ClusterValidator.PROFILE;

import dev.sluice.api.Cluster;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.storage.StorageRoots;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Checks a cluster PUT's deploymentMode and the jobSpec of an Application-mode cluster. */
final class DeploymentModeValidator {

    private static final Set<String> MODES = Set.of("session", "application");
    static final List<String> UPGRADE_MODES =
            List.of("UPDATE", "LAST_STATE_UPDATE", "STATELESS_UPDATE");

    private DeploymentModeValidator() {}

    /** "Session" (the default) or "Application", which only a cluster Sluice runs can be. */
    static String deploymentMode(String mode, boolean external) {
        if (mode == null || mode.equalsIgnoreCase(ClusterDefinition.SESSION)) {
            return ClusterDefinition.SESSION;
        }
        String target = PROFILE + ".deploymentMode";
        if (!MODES.contains(mode.toLowerCase(Locale.ROOT))) {
            throw ClusterValidator.invalid(
                    target + " must be \"Session\" or \"Application\", not \"" + mode + "\"",
                    target);
        }
        if (external) {
            throw ApiException.badRequest(
                    "DeploymentModeNotSupported",
                    "An external cluster (restUrl) is only reached over REST; an Application-mode"
                            + " cluster is one Sluice deploys itself: omit restUrl",
                    target);
        }
        return ClusterDefinition.APPLICATION;
    }

    /**
     * The job of an Application-mode cluster, trimmed: the jar's location and name are required,
     * upgradeMode defaults to UPDATE. That the jar exists is checked when the cluster is created.
     */
    static Cluster.FlinkJobProfile jobSpec(
            Cluster.FlinkJobProfile spec, String mode, String storageUri) {
        String target = PROFILE + ".jobSpec";
        if (!ClusterDefinition.APPLICATION.equals(mode)) {
            if (spec != null) {
                throw ClusterValidator.invalid(
                        target
                                + " is only for deploymentMode \"Application\"; a session cluster"
                                + " runs the jobs that runJob submits",
                        target);
            }
            return null;
        }
        if (spec == null) {
            throw ClusterValidator.invalid(
                    target
                            + " is required for deploymentMode \"Application\": the job the"
                            + " cluster runs (jobJarDirectory, jarName, upgradeMode)",
                    target);
        }
        String directory = required(spec.jobJarDirectory(), target + ".jobJarDirectory");
        String jarName = required(spec.jarName(), target + ".jarName");
        if (jarName.contains("/") || jarName.contains("\\") || jarName.startsWith(".")) {
            throw ClusterValidator.invalid(
                    target + ".jarName must be a file name, not a path", target + ".jarName");
        }
        StorageRoots.forRoot(storageUri).resolve(directory, target + ".jobJarDirectory");
        return new Cluster.FlinkJobProfile(
                directory,
                jarName,
                blankToNull(spec.entryClass()),
                blankToNull(spec.args()),
                blankToNull(spec.savePointName()),
                upgradeMode(spec.upgradeMode()),
                ClusterValidator.configuration(
                        spec.flinkConfiguration(), false, target + ".flinkConfiguration"));
    }

    /** How a Flink version change carries the job's state; UPDATE when not given. */
    static String upgradeMode(String mode) {
        if (mode == null || mode.isBlank()) {
            return UPGRADE_MODES.get(0);
        }
        String upper = mode.strip().toUpperCase(Locale.ROOT);
        if (!UPGRADE_MODES.contains(upper)) {
            String target = PROFILE + ".jobSpec.upgradeMode";
            throw ClusterValidator.invalid(
                    target + " must be one of " + UPGRADE_MODES + ", not \"" + mode + "\"", target);
        }
        return upper;
    }

    private static String required(String value, String target) {
        if (value == null || value.isBlank()) {
            throw ClusterValidator.invalid(target + " is required", target);
        }
        return value.strip();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
