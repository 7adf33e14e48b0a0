package dev.sluice.server.action;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;

/** Chooses an action's {@link JobLauncher} once, from the kind of cluster its job runs on. */
final class JobLaunchers {

    private final ClusterRegistry clusters;
    private final JobLauncher session;
    private final JobLauncher application;

    JobLaunchers(ClusterRegistry clusters, JobLauncher session, JobLauncher application) {
        this.clusters = clusters;
        this.session = session;
        this.application = application;
    }

    JobLauncher forCluster(ClusterRecord cluster) {
        return clusters.isApplication(cluster) ? application : session;
    }
}
