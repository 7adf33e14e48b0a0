package dev.sluice.server.deploy.local;

import dev.sluice.server.common.SluiceProperties;
import dev.sluice.server.flink.RestFlinkClient;
import dev.sluice.server.storage.StorageSchemes;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the local-process deployment target, from the data dir and the bundled runtimes, and
 * the supervision of its clusters' TaskManagers, JobManagers and HistoryServers.
 */
@Configuration(proxyBeanMethods = false)
class LocalDeploymentConfiguration {

    /** How often the supervision looks for TaskManagers and JobManagers that died. */
    private static final Duration SUPERVISION = Duration.ofSeconds(1);

    @Bean
    FlinkRuntimes localFlinkRuntimes(SluiceProperties properties) {
        return new FlinkRuntimes(properties.flinkRuntimeRoot());
    }

    @Bean
    LocalProcessDeployer localProcessDeployer(
            SluiceProperties properties, FlinkRuntimes runtimes, StorageSchemes storages) {
        return new LocalProcessDeployer(
                properties.dataDir(),
                runtimes,
                RestFlinkClient::new,
                properties.clusterReadyTimeout(),
                storages);
    }

    @Bean
    LocalDeploymentTarget localDeploymentTarget(
            LocalProcessDeployer deployer, FlinkRuntimes runtimes) {
        return new LocalDeploymentTarget(deployer, runtimes);
    }

    @Bean(destroyMethod = "close")
    HistoryServers historyServers(
            LocalProcessDeployer deployer, FlinkRuntimes runtimes, SluiceProperties properties) {
        return new HistoryServers(deployer, runtimes, properties.dataDir(), SUPERVISION);
    }

    @Bean(destroyMethod = "close")
    TaskManagerSupervision taskManagerSupervision(LocalProcessDeployer deployer) {
        return new TaskManagerSupervision(deployer, SUPERVISION);
    }

    @Bean(destroyMethod = "close")
    JobManagerSupervision jobManagerSupervision(LocalProcessDeployer deployer) {
        return new JobManagerSupervision(deployer, SUPERVISION);
    }
}
