package dev.sluice.server.lifecycle;

import dev.sluice.api.Cluster.FlinkJobProfile;
import dev.sluice.api.JobActionType;
import dev.sluice.server.cluster.ClusterDefinition;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.cluster.ClusterValidator;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.Ids;
import dev.sluice.server.deploy.ApplicationRun;
import dev.sluice.server.deploy.ClusterSpec;
import dev.sluice.server.job.ActionProperties;
import dev.sluice.server.job.ActionResult;
import dev.sluice.server.job.AlertOutbox;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobService;
import dev.sluice.server.job.JobSpec;
import dev.sluice.server.job.JobStatus;
import dev.sluice.server.job.JobStore;
import dev.sluice.server.job.RunConfiguration;
import dev.sluice.server.savepoint.SavepointCatalog;
import dev.sluice.server.storage.JarFiles;
import dev.sluice.server.storage.StorageLocation;
import dev.sluice.server.storage.StorageRoots;
import dev.sluice.server.storage.StorageSchemes;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The one job of an Application-mode cluster: its row, created with the cluster from the jobSpec,
 * and the spec of each deployment of the cluster, built from the cluster's definition and the job
 * as it is now.
 */
@Component
public class ApplicationJobs {

    private static final String JOB_SPEC = ClusterValidator.PROFILE + ".jobSpec";

    private final JobStore jobs;
    private final ActionProperties actions;
    private final StorageSchemes storages;

    ApplicationJobs(JobStore jobs, ActionProperties actions, StorageSchemes storages) {
        this.jobs = jobs;
        this.actions = actions;
        this.storages = storages;
    }

    /**
     * The row of the job a new Application-mode cluster runs, named after the cluster. Checks what
     * a deployment would only find out later: the jar, its entry class and the savepoint to start
     * from.
     *
     * @throws ApiException 400 naming the jobSpec field at fault
     */
    Job newJob(String clusterName, ClusterRecord record, ClusterDefinition definition) {
        String name = JobService.applicationJobName(clusterName);
        if (!JobService.validJobName(name)) {
            throw ApiException.badRequest(
                    "InvalidResourceName",
                    "An Application-mode cluster's job is named after the cluster, so its name"
                            + " must be a job name: at most 63 letters, digits, '.', '_' or '-',"
                            + " not '"
                            + clusterName
                            + "'",
                    "clusterName");
        }
        FlinkJobProfile spec = definition.flink().jobSpec();
        if (spec.flinkConfiguration() != null
                && spec.flinkConfiguration().containsKey(AlertOutbox.SECRET)) {
            // The jobSpec is part of the cluster's definition, which its GET shows.
            throw ApiException.badRequest(
                    "InvalidRequestContent",
                    AlertOutbox.SECRET
                            + " is write-only and a jobSpec is shown with its cluster: set the"
                            + " webhook and its secret in the cluster's flinkConfiguration instead",
                    JOB_SPEC + ".flinkConfiguration." + AlertOutbox.SECRET);
        }
        StorageRoots roots = storages.roots(record.storageUri());
        Map<String, String> config =
                JobService.jobConfiguration(record, name, spec.flinkConfiguration(), roots);
        Instant now = Instant.now();
        JobSpec jobSpec =
                new JobSpec(spec.jobJarDirectory(), spec.jarName(), null, spec.args(), config);
        Job job = Job.create(record.id(), name, jobSpec, null, now);
        job = withJobSpec(job, spec, roots);
        if (spec.savePointName() != null) {
            savepoint(job, spec, roots);
        }
        return job;
    }

    /**
     * The job with the jar, entry class and arguments of a (new) jobSpec; the entry class comes
     * from the jar's manifest when the jobSpec names none.
     */
    static Job withJobSpec(Job job, FlinkJobProfile spec, StorageRoots roots) {
        StorageLocation jar = requireJar(roots, spec.jobJarDirectory(), spec.jarName());
        String entryClass = spec.entryClass();
        if (entryClass == null) {
            entryClass =
                    JarFiles.mainClass(roots, jar)
                            .orElseThrow(
                                    () ->
                                            ApiException.badRequest(
                                                    "InvalidRequestContent",
                                                    JOB_SPEC
                                                            + ".entryClass is required: the jar's"
                                                            + " manifest names no Main-Class",
                                                    JOB_SPEC + ".entryClass"));
        }
        return job.withJar(spec.jobJarDirectory(), spec.jarName(), entryClass)
                .withArgs(spec.args());
    }

    /** The jar of a jobSpec, with the errors naming the jobSpec's fields. */
    static StorageLocation requireJar(StorageRoots roots, String directory, String jarName) {
        try {
            return JarFiles.requireJar(roots, directory, jarName);
        } catch (ApiException e) {
            String field =
                    JarFiles.DIRECTORY_FIELD.equals(e.target())
                            ? JarFiles.DIRECTORY_FIELD
                            : JarFiles.NAME_FIELD;
            throw ApiException.badRequest(e.code(), e.getMessage(), JOB_SPEC + "." + field);
        }
    }

    /**
     * The spec of a provisioning. An interrupted provisioning (the job still INITIALIZING under the
     * Flink job id it recorded) keeps its id, so the processes it started are adopted; any other
     * gets a new id, recorded before anything starts, and restores the newest state the job has
     * (last checkpoint or savepoint), else the jobSpec's savePointName.
     */
    public ClusterSpec provisioning(ClusterRecord record, ClusterDefinition definition) {
        Job job = job(record);
        boolean interrupted =
                job.run().flinkJobId() != null
                        && job.run().status() == JobStatus.INITIALIZING
                        && job.lastAction().result() == ActionResult.IN_PROGRESS
                        && job.lastAction().activeId() == null;
        String flinkJobId = interrupted ? job.run().flinkJobId() : Ids.newId();
        StorageRoots roots = storages.roots(record.storageUri());
        String restorePath =
                newestState(job, roots)
                        .orElseGet(() -> savepoint(job, definition.flink().jobSpec(), roots));
        Job recorded =
                jobs.update(
                        job.id(),
                        current ->
                                current.withActionStarted(JobActionType.NEW, null)
                                        .withRun(flinkJobId, null)
                                        .withStatus(JobStatus.INITIALIZING, null));
        return spec(record, definition, recorded, flinkJobId, restorePath);
    }

    /**
     * The spec to start an Application-mode cluster again whose processes are gone (a reboot): only
     * a job that should be running is restarted, from its newest state under a new Flink job id; a
     * stopped, cancelled or failed job stays so, and the cluster waits for a PUT.
     */
    public Optional<ClusterSpec> restart(ClusterRecord record, ClusterDefinition definition) {
        Job job = job(record);
        if (!job.run().status().isLive()) {
            return Optional.empty();
        }
        String flinkJobId = Ids.newId();
        String restorePath = newestState(job, storages.roots(record.storageUri())).orElse(null);
        Job recorded =
                jobs.update(
                        job.id(),
                        current ->
                                current.withRun(flinkJobId, current.run().id())
                                        .withStatus(JobStatus.INITIALIZING, null));
        return Optional.of(spec(record, definition, recorded, flinkJobId, restorePath));
    }

    /**
     * The spec of the run the cluster runs now, for a change its processes take in place (a
     * resize): the target adopts the processes that run this Flink job id. Should they be gone, it
     * starts that run again from the job's newest state.
     */
    public ClusterSpec current(ClusterRecord record, ClusterDefinition definition) {
        Job job = job(record);
        String restorePath = newestState(job, storages.roots(record.storageUri())).orElse(null);
        return spec(record, definition, job, job.run().flinkJobId(), restorePath);
    }

    /** True while an action of the job runs (and may be redeploying the cluster). */
    public boolean busy(ClusterRecord record) {
        return jobs.find(record.id(), JobService.applicationJobName(record.name()))
                .map(job -> job.lastAction().activeId() != null)
                .orElse(false);
    }

    /** A provisioning that deployed the job: it is left to the observer from here. */
    public void deployed(ClusterRecord record) {
        jobs.find(record.id(), JobService.applicationJobName(record.name()))
                .ifPresent(
                        job ->
                                jobs.update(
                                        job.id(),
                                        current ->
                                                current.lastAction().activeId() != null
                                                        ? current
                                                        : current.withActionEnded(
                                                                ActionResult.SUCCESS,
                                                                "Deployed with cluster '"
                                                                        + record.name()
                                                                        + "'; Flink job id "
                                                                        + current.run()
                                                                                .flinkJobId())));
    }

    /** A provisioning or restart that failed: the job did not run, and says why. */
    public void failed(String clusterKey, String clusterName, String reason) {
        jobs.find(clusterKey, JobService.applicationJobName(clusterName))
                .ifPresent(
                        job ->
                                jobs.update(
                                        job.id(),
                                        current ->
                                                current.lastAction().activeId() != null
                                                        ? current
                                                        : current.withStatus(
                                                                        current.run()
                                                                                        .status()
                                                                                        .isLive()
                                                                                ? JobStatus.FAILED
                                                                                : current.run()
                                                                                        .status(),
                                                                        reason)
                                                                .withActionEnded(
                                                                        ActionResult.FAILED,
                                                                        "Deployment failed: "
                                                                                + reason)));
    }

    /** The deployment of one run of the job: Flink job id and what it restores. */
    ClusterSpec spec(
            ClusterRecord record,
            ClusterDefinition definition,
            Job job,
            String flinkJobId,
            String restorePath) {
        return spec(record, definition, job, flinkJobId, restorePath, null);
    }

    /** As the other, running {@code runJar} instead of the job's jar in storage unless null. */
    ClusterSpec spec(
            ClusterRecord record,
            ClusterDefinition definition,
            Job job,
            String flinkJobId,
            String restorePath,
            StorageLocation runJar) {
        StorageRoots roots = storages.roots(record.storageUri());
        StorageLocation jar =
                runJar != null
                        ? runJar
                        : requireJar(roots, job.spec().jarDirectory(), job.spec().jarName());
        Map<String, String> config =
                RunConfiguration.applicationKeys(
                        job,
                        record,
                        definition.flink().flinkConfiguration(),
                        actions.checkpointInterval());
        return definition.spec(
                ClusterRegistry.deploymentId(record.id(), record.name()),
                config,
                new ApplicationRun(
                        URI.create(jar.uri()),
                        job.spec().entryClass(),
                        JobService.splitArgs(job.spec().args()),
                        flinkJobId,
                        restorePath));
    }

    Job job(ClusterRecord record) {
        return jobs.find(record.id(), JobService.applicationJobName(record.name()))
                .orElseThrow(
                        () ->
                                new NoSuchElementException(
                                        "Application cluster "
                                                + record.name()
                                                + " has no job record"));
    }

    private static String savepoint(Job job, FlinkJobProfile spec, StorageRoots roots) {
        if (spec == null || spec.savePointName() == null) {
            return null;
        }
        StorageLocation directory =
                roots.resolve(
                        job.spec().flinkConfiguration().get(JobService.SAVEPOINT_DIRECTORY),
                        JobService.SAVEPOINT_DIRECTORY);
        try {
            return SavepointCatalog.resolve(roots, directory, spec.savePointName()).uri();
        } catch (ApiException e) {
            throw ApiException.badRequest(e.code(), e.getMessage(), JOB_SPEC + ".savePointName");
        }
    }

    /** The newer of the job's last checkpoint and last savepoint that still exist. */
    static Optional<String> newestState(Job job, StorageRoots roots) {
        return SavepointCatalog.newest(
                roots,
                Stream.of(job.restorePoints().checkpoint(), job.restorePoints().savepoint())
                        .filter(Objects::nonNull)
                        .toList());
    }
}
