package dev.sluice.server.deploy.local;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A running local Flink session cluster, as recorded in {@code cluster.json} of its directory so
 * that a restarted server can adopt it.
 *
 * @param spec what it was started from
 * @param flinkVersion the full version of the runtime it runs
 * @param restPort REST port on 127.0.0.1
 * @param rpcPort JobManager RPC port on 127.0.0.1
 * @param jobManagerPid process id of the JobManager
 * @param taskManagerPids process ids of the TaskManagers
 * @param directory the cluster's directory (conf, logs, pids)
 * @param startedAt when the JobManager was started
 */
public record LocalCluster(
        LocalClusterSpec spec,
        String flinkVersion,
        int restPort,
        int rpcPort,
        long jobManagerPid,
        List<Long> taskManagerPids,
        String directory,
        Instant startedAt) {

    public String name() {
        return spec.name();
    }

    /** The REST endpoint, always on loopback. */
    public URI restUrl() {
        return URI.create("http://127.0.0.1:" + restPort);
    }
}
