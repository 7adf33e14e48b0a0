package dev.sluice.server.lifecycle;

import dev.sluice.api.Cluster;
import dev.sluice.api.Cluster.FlinkJobProfile;
import dev.sluice.api.Cluster.FlinkProfile;
import dev.sluice.api.JobActionType;
import dev.sluice.server.cluster.ClusterDefinition;
import dev.sluice.server.cluster.ClusterOperation;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterValidator;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.OperationRecord;
import dev.sluice.server.common.WebhookKeys;
import dev.sluice.server.deploy.DeploymentTargets;
import dev.sluice.server.job.ActionResult;
import dev.sluice.server.job.ActionStore;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobAction;
import dev.sluice.server.job.JobService;
import dev.sluice.server.job.JobStatus;
import dev.sluice.server.job.JobStore;
import dev.sluice.server.storage.StorageSchemes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A PATCH of an Application-mode cluster's Flink version or jobSpec, run as the job action its
 * upgradeMode names: UPDATE through a savepoint, LAST_STATE_UPDATE through the last checkpoint,
 * STATELESS_UPDATE fresh. The changes travel as the action's parameters and are applied to the
 * cluster right before it is redeployed; the PATCH's operation is the action's.
 */
@Component
public class ClusterUpgrade {

    static final String KIND = ClusterOperation.UPGRADE_KIND;

    private static final String PROFILE = ClusterValidator.PROFILE;

    private final DeploymentTargets targets;
    private final JobService jobService;
    private final JobStore jobs;
    private final ActionStore actions;
    private final ResourceStore store;
    private final StorageSchemes storages;

    ClusterUpgrade(
            DeploymentTargets targets,
            JobService jobService,
            JobStore jobs,
            ActionStore actions,
            ResourceStore store,
            StorageSchemes storages) {
        this.storages = storages;
        this.targets = targets;
        this.jobService = jobService;
        this.jobs = jobs;
        this.actions = actions;
        this.store = store;
    }

    /** The body's flinkProfile, or null wherever the body stops short of it. */
    static FlinkProfile profileOf(Cluster body) {
        if (body == null
                || body.properties() == null
                || body.properties().clusterProfile() == null) {
            return null;
        }
        return body.properties().clusterProfile().flinkProfile();
    }

    /**
     * Starts the upgrade a PATCH asks for; empty when it changes neither the Flink version nor the
     * jobSpec.
     *
     * @throws ApiException 400 for an unknown version or a missing jar, 409 when the cluster cannot
     *     be upgraded now (not an Application-mode cluster, not Succeeded, its job busy or in a
     *     status the upgradeMode's action does not allow)
     */
    Optional<OperationRecord> start(
            ClusterRecord record, FlinkProfile requested, String principal) {
        if (requested == null) {
            return Optional.empty();
        }
        ClusterDefinition current = ClusterDefinition.of(record);
        unsupported(current, requested);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (requested.flinkVersion() != null && !record.external()) {
            String version = requested.flinkVersion().strip();
            String runtime;
            try {
                runtime =
                        targets.get(ClusterDefinition.target(record))
                                .flinkVersions()
                                .resolve(version);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(
                        "InvalidFlinkVersion", e.getMessage(), PROFILE + ".flinkVersion");
            }
            if (!runtime.equals(record.flinkVersion())) {
                parameters.put(ApplicationClusters.FLINK_VERSION, version);
            }
        }
        FlinkJobProfile spec = current.flink().jobSpec();
        FlinkJobProfile change = requested.jobSpec();
        if (change != null && spec != null) {
            changed(
                    parameters,
                    "jobJarDirectory",
                    spec.jobJarDirectory(),
                    change.jobJarDirectory());
            changed(parameters, "jarName", spec.jarName(), change.jarName());
            changed(parameters, "entryClass", spec.entryClass(), change.entryClass());
            changed(parameters, "args", spec.args(), change.args());
            if (change.upgradeMode() != null) {
                changed(
                        parameters,
                        ApplicationClusters.UPGRADE_MODE,
                        spec.upgradeMode(),
                        ClusterValidator.upgradeMode(change.upgradeMode()));
            }
        }
        if (parameters.isEmpty()) {
            return Optional.empty();
        }
        if (!current.application()) {
            throw ApiException.conflict(
                    "ClusterUpdateNotSupported",
                    "Only an Application-mode cluster is upgraded in place; a session cluster's"
                            + " jobs were submitted to its Flink version. Create a cluster of the"
                            + " new version and move the jobs there with savepoints");
        }
        if (!ClusterProvisioner.SUCCEEDED.equals(record.provisioningState())) {
            throw ApiException.conflict(
                    "AnotherOperationInProgress",
                    "Cluster '"
                            + record.name()
                            + "' is "
                            + record.provisioningState()
                            + "; upgrade it once it is Succeeded (a Failed cluster is provisioned"
                            + " again by a PUT, with any version and jobSpec)");
        }
        if (parameters.containsKey("jobJarDirectory") || parameters.containsKey("jarName")) {
            ApplicationJobs.requireJar(
                    storages.roots(record.storageUri()),
                    parameters.getOrDefault("jobJarDirectory", spec.jobJarDirectory()),
                    parameters.getOrDefault("jarName", spec.jarName()));
        }
        String mode = parameters.getOrDefault(ApplicationClusters.UPGRADE_MODE, spec.upgradeMode());
        parameters.put(ApplicationClusters.CLUSTER_PATCH, "true");
        JobAction action =
                jobService.startUpgrade(record, actionOf(mode, job(record)), parameters, principal);
        OperationRecord operation =
                new OperationRecord(
                        action.id(),
                        record.id(),
                        KIND,
                        ClusterOperation.IN_PROGRESS,
                        null,
                        Instant.now(),
                        null);
        store.insertOperation(operation);
        return Optional.of(operation);
    }

    /** An upgrade's operation as its action says; any other operation as it is. */
    OperationRecord settle(OperationRecord operation) {
        if (!KIND.equals(operation.kind())
                || !ClusterOperation.IN_PROGRESS.equals(operation.status())) {
            return operation;
        }
        Optional<JobAction> action = actions.find(operation.id());
        if (action.isPresent() && action.get().outcome().result() == ActionResult.IN_PROGRESS) {
            return operation;
        }
        OperationRecord ended =
                action.isPresent() && action.get().outcome().result() == ActionResult.SUCCESS
                        ? ClusterOperation.ended(operation, ClusterOperation.SUCCEEDED, null)
                        : ClusterOperation.ended(
                                operation,
                                ClusterOperation.FAILED,
                                action.map(a -> a.outcome().output() + failureOf(a))
                                        .orElse("The upgrade's action is gone"));
        store.updateOperation(ended);
        return ended;
    }

    private static String failureOf(JobAction action) {
        return action.outcome().failure() == null
                        || action.outcome().failure().equals(action.outcome().output())
                ? ""
                : " (" + action.outcome().failure() + ")";
    }

    /**
     * UPDATE takes a savepoint of a running or stopped job; a failed job has none to take, so it
     * starts from its last savepoint instead.
     */
    private static JobActionType actionOf(String upgradeMode, Job job) {
        JobActionType type = JobActionType.valueOf(upgradeMode);
        return type == JobActionType.UPDATE && job.run().status() == JobStatus.FAILED
                ? JobActionType.START
                : type;
    }

    private Job job(ClusterRecord record) {
        return jobs.find(record.id(), JobService.applicationJobName(record.name()))
                .orElseThrow(
                        () ->
                                ApiException.conflict(
                                        "JobNotFound",
                                        "Cluster '" + record.name() + "' has no job to upgrade"));
    }

    private static void changed(
            Map<String, String> parameters, String name, String now, String requested) {
        if (requested != null && !requested.isBlank() && !requested.strip().equals(now)) {
            parameters.put(name, requested.strip());
        }
    }

    /** What a PATCH cannot change: everything but tags, flinkVersion and jobSpec. */
    private static void unsupported(ClusterDefinition current, FlinkProfile requested) {
        FlinkProfile now = current.flink();
        List<String> fields = new ArrayList<>();
        differs(fields, "jobManager", now.jobManager(), requested.jobManager());
        differs(fields, "taskManager", now.taskManager(), requested.taskManager());
        differs(fields, "historyServer", now.historyServer(), requested.historyServer());
        differs(fields, "numReplicas", now.numReplicas(), requested.numReplicas());
        differs(
                fields,
                "flinkConfiguration",
                // The webhook secret is write-only: a GET → PATCH round trip leaves it out.
                WebhookKeys.withoutSecret(now.flinkConfiguration()),
                WebhookKeys.withoutSecret(requested.flinkConfiguration()));
        if (requested.deploymentMode() != null
                && !requested.deploymentMode().equalsIgnoreCase(now.deploymentMode())) {
            fields.add(PROFILE + ".deploymentMode");
        }
        if (!fields.isEmpty()) {
            throw ApiException.conflict(
                    "ClusterUpdateNotSupported",
                    "A PATCH changes tags, flinkVersion and jobSpec; "
                            + String.join(", ", fields)
                            + " cannot be changed by it (PUT the cluster to change"
                            + " flinkConfiguration)");
        }
    }

    private static void differs(List<String> fields, String name, Object now, Object requested) {
        if (requested != null && !Objects.equals(now, requested)) {
            fields.add(PROFILE + "." + name);
        }
    }
}
