package dev.sluice.server.cluster;

import dev.sluice.server.common.SluiceProperties;
import dev.sluice.server.deploy.local.FlinkRuntimes;
import dev.sluice.server.deploy.local.LocalProcessDeployer;
import dev.sluice.server.flink.RestFlinkClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the bundled Flink runtimes, the local process deployer and the cluster validator from
 * {@link SluiceProperties} and {@link ClusterSettings}.
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    @Bean
    FlinkRuntimes flinkRuntimes(SluiceProperties properties) {
        return new FlinkRuntimes(properties.flinkRuntimeRoot());
    }

    @Bean
    ClusterValidator clusterValidator(FlinkRuntimes runtimes, ClusterSettings settings) {
        return new ClusterValidator(runtimes, settings.minMemoryMb());
    }

    @Bean
    LocalProcessDeployer localProcessDeployer(SluiceProperties properties, FlinkRuntimes runtimes) {
        return new LocalProcessDeployer(
                properties.dataDir(),
                runtimes,
                RestFlinkClient::new,
                properties.clusterReadyTimeout());
    }
}
