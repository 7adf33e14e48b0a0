package dev.sluice.server.cluster;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the cluster API ({@code sluice.clusters.*}).
 *
 * @param minMemoryMb the smallest JobManager or TaskManager process (MB) a local cluster may ask
 *     for. The product minimum is the seeds' 1800 MB; the tests set 1024 to fit CI machines, which
 *     is a test-only setting, not one to run jobs with.
 * @param provisioningThreads how many clusters may be started or stopped at the same time
 */
@ConfigurationProperties("sluice.clusters")
public record ClusterSettings(
        @DefaultValue("1800") int minMemoryMb, @DefaultValue("4") int provisioningThreads) {}
