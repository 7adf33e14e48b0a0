package dev.sluice.server.lifecycle;

import dev.sluice.server.cluster.ClusterDefinition;
import dev.sluice.server.cluster.ClusterOperation;
import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterValidator;
import dev.sluice.server.cluster.PoolRecord;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.ArmId;
import dev.sluice.server.common.OperationRecord;
import dev.sluice.server.job.Job;
import dev.sluice.server.job.JobService;
import dev.sluice.server.job.JobStore;
import dev.sluice.server.storage.StorageRoots;
import dev.sluice.server.storage.StorageSchemes;
import dev.sluice.server.store.Leases;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The PUT of {@link ClusterService} that provisions: a new cluster, or a Failed one again. */
@Component
class ClusterCreation {

    private final ResourceStore store;
    private final JobStore jobs;
    private final ClusterProvisioner provisioner;
    private final TransactionTemplate transaction;
    private final ApplicationJobs applicationJobs;
    private final StorageSchemes storages;
    private final Leases leases;

    ClusterCreation(
            ResourceStore store,
            JobStore jobs,
            ClusterProvisioner provisioner,
            TransactionTemplate transaction,
            ApplicationJobs applicationJobs,
            StorageSchemes storages,
            Leases leases) {
        this.store = store;
        this.jobs = jobs;
        this.provisioner = provisioner;
        this.transaction = transaction;
        this.applicationJobs = applicationJobs;
        this.storages = storages;
        this.leases = leases;
    }

    /**
     * A local-process cluster runs on the machine of the server that starts it, and only that one
     * could stop or adopt its processes: refused while several servers share the database (on H2
     * there is only ever one). External clusters work from any server.
     */
    private void oneServerForLocalProcesses(ClusterDefinition definition) {
        if (definition.external()) {
            return;
        }
        List<String> live = leases.liveServers();
        if (live.size() > 1) {
            throw ApiException.conflict(
                    "LocalClusterNeedsOneServer",
                    "A local-process cluster runs on the machine of one server, and "
                            + live.size()
                            + " servers share this database; give the cluster a restUrl (an"
                            + " external Flink cluster) instead, or run a single server");
        }
    }

    /** The cluster as recorded, and the operation that provisions it. */
    record Provisioning(ClusterRecord stored, OperationRecord operation) {}

    /**
     * Records the cluster, its operation and (Application mode) its job in one transaction, then
     * hands it to the {@link ClusterProvisioner}. The caller holds the resource lock.
     */
    Provisioning provision(
            ArmId id,
            PoolRecord pool,
            Optional<ClusterRecord> existing,
            ClusterDefinition definition,
            String location,
            Map<String, String> tags) {
        oneServerForLocalProcesses(definition);
        createStorage(definition);
        if (existing.isPresent()
                && ClusterService.application(existing.get()) != definition.application()) {
            throw ApiException.conflict(
                    "ClusterUpdateNotSupported",
                    "Cluster '"
                            + existing.get().name()
                            + "' cannot change its deploymentMode; delete it and create it again");
        }
        ClusterOperation kind =
                existing.isEmpty() ? ClusterOperation.CREATE : ClusterOperation.UPDATE;
        OperationRecord operation = kind.start(id.clusterKey());
        ClusterRecord record =
                new ClusterRecord(
                        id.clusterKey(),
                        pool.id(),
                        existing.map(ClusterRecord::name).orElse(id.cluster()),
                        existing.map(ClusterRecord::location).orElse(location),
                        tags,
                        definition.toJson(operation.id()),
                        definition.external(),
                        definition.flink().restUrl(),
                        definition.storageUri(),
                        definition.external()
                                ? definition.flink().flinkVersion()
                                : definition.runtimeVersion(),
                        ClusterProvisioner.ACCEPTED,
                        ClusterProvisioner.STARTING,
                        null,
                        existing.map(ClusterRecord::createdAt).orElse(null),
                        null);
        // An application cluster's job is recorded with it; its jar is checked before anything.
        Optional<Job> newJob = Optional.empty();
        Optional<Job> oldJob =
                definition.application() && existing.isPresent()
                        ? jobs.find(record.id(), JobService.applicationJobName(record.name()))
                        : Optional.empty();
        StorageRoots roots = storages.roots(record.storageUri());
        if (definition.application()) {
            newJob =
                    oldJob.isPresent()
                            ? Optional.of(
                                    ApplicationJobs.withJobSpec(
                                            oldJob.get(), definition.flink().jobSpec(), roots))
                            : Optional.of(
                                    applicationJobs.newJob(record.name(), record, definition));
        }
        Optional<Job> job = newJob;
        ClusterRecord stored =
                transaction.execute(
                        status -> {
                            ClusterRecord written =
                                    existing.isEmpty()
                                            ? store.upsertCluster(record)
                                            : store.updateCluster(
                                                    record.id(), r -> stillFailed(r, record));
                            store.insertOperation(operation);
                            job.ifPresent(
                                    j -> {
                                        if (oldJob.isPresent()) {
                                            jobs.update(
                                                    j.id(),
                                                    current ->
                                                            ApplicationJobs.withJobSpec(
                                                                    current,
                                                                    definition.flink().jobSpec(),
                                                                    roots));
                                        } else {
                                            jobs.insert(j);
                                        }
                                    });
                            return written;
                        });
        provisioner.provision(id.clusterKey(), operation.id());
        return new Provisioning(stored, operation);
    }

    /** A Failed cluster may be provisioned again, unless something else took it meanwhile. */
    private static ClusterRecord stillFailed(ClusterRecord current, ClusterRecord replacement) {
        if (!ClusterProvisioner.FAILED.equals(current.provisioningState())) {
            throw ApiException.conflict(
                    "AnotherOperationInProgress",
                    "Cluster '" + current.name() + "' is " + current.provisioningState());
        }
        return replacement;
    }

    /** The storage root exists before anything is recorded: jars are uploaded there. */
    private void createStorage(ClusterDefinition definition) {
        StorageRoots roots = storages.roots(definition.storageUri());
        try {
            roots.storage().createDirectories(roots.primary());
        } catch (FileAlreadyExistsException e) {
            throw storageProblem(definition, "is a file, not a directory");
        } catch (IOException | SecurityException e) {
            throw storageProblem(definition, "cannot be created: " + e.getMessage());
        }
    }

    private static ApiException storageProblem(ClusterDefinition definition, String problem) {
        return ApiException.badRequest(
                "InvalidStoragePath",
                ClusterValidator.STORAGE_URI + " '" + definition.storageUri() + "' " + problem,
                ClusterValidator.STORAGE_URI);
    }
}
