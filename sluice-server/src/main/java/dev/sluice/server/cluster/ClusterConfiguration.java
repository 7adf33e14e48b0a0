package dev.sluice.server.cluster;

import dev.sluice.server.deploy.DeploymentTargets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the cluster validator from the deployment targets and {@link ClusterSettings}. */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    @Bean
    ClusterValidator clusterValidator(DeploymentTargets targets, ClusterSettings settings) {
        return new ClusterValidator(targets, settings.minMemoryMb());
    }
}
