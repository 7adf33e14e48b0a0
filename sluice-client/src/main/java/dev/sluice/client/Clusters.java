package dev.sluice.client;

import dev.sluice.api.Cluster;
import dev.sluice.api.ResourceList;
import java.time.Duration;
import java.util.List;
import tools.jackson.core.type.TypeReference;

/**
 * Flink clusters of a pool. Creating and deleting one is a long-running operation: the {@code
 * begin*} methods return it, the others wait for it.
 */
public final class Clusters {

    private static final TypeReference<ResourceList<Cluster>> LIST = new TypeReference<>() {};

    private final Transport transport;
    private final Operations operations;

    Clusters(Transport transport, Operations operations) {
        this.transport = transport;
        this.operations = operations;
    }

    /**
     * Starts creating the cluster (or updating its tags and Flink configuration).
     *
     * @return the operation; its {@code accepted()} is the cluster as first stored
     */
    public Operation<Cluster> beginPut(ClusterRef ref, Cluster cluster) {
        Transport.Answer answer = transport.sendJson("PUT", transport.uri(ref.path()), cluster);
        return Accepted.operation(
                transport, answer, transport.read(answer, Cluster.class), Cluster.class);
    }

    /**
     * Creates or updates the cluster and waits until it is provisioned.
     *
     * @return the cluster once its operation ended
     * @throws SluiceApiException when the server refuses the body or provisioning fails
     * @throws SluiceTimeoutException when provisioning takes longer than {@code timeout}
     */
    public Cluster put(
            ClusterRef ref, Cluster cluster, Duration timeout, ProgressListener progress) {
        return operations.await(beginPut(ref, cluster), timeout, progress);
    }

    /**
     * Reads one cluster.
     *
     * @throws SluiceApiException 404 when there is no such cluster
     */
    public Cluster get(ClusterRef ref) {
        return transport.read(transport.get(transport.uri(ref.path())), Cluster.class);
    }

    /** Lists the clusters of a pool, following {@code nextLink}. */
    public List<Cluster> list(PoolRef pool) {
        return transport.collect(
                transport.uri(pool.path() + "/clusters"),
                LIST,
                ResourceList::value,
                ResourceList::nextLink);
    }

    /**
     * Starts deleting the cluster; the operation is already done when there was no such cluster.
     *
     * @throws SluiceApiException 409 when jobs still run on it
     */
    public Operation<Void> beginDelete(ClusterRef ref) {
        Transport.Answer answer = transport.delete(transport.uri(ref.path()));
        return Accepted.operation(transport, answer, null, Void.class);
    }

    /** Deletes the cluster and waits until its processes are gone. */
    public void delete(ClusterRef ref, Duration timeout, ProgressListener progress) {
        operations.await(beginDelete(ref), timeout, progress);
    }
}
