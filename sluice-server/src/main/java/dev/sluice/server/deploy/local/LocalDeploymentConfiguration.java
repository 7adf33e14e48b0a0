package dev.sluice.server.deploy.local;

import dev.sluice.server.common.SluiceProperties;
import dev.sluice.server.flink.RestFlinkClient;
import dev.sluice.server.storage.StorageSchemes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the local-process deployment target, from the data dir and the bundled runtimes. */
@Configuration(proxyBeanMethods = false)
class LocalDeploymentConfiguration {

    @Bean
    LocalDeploymentTarget localDeploymentTarget(
            SluiceProperties properties, StorageSchemes storages) {
        FlinkRuntimes runtimes = new FlinkRuntimes(properties.flinkRuntimeRoot());
        return new LocalDeploymentTarget(
                new LocalProcessDeployer(
                        properties.dataDir(),
                        runtimes,
                        RestFlinkClient::new,
                        properties.clusterReadyTimeout(),
                        storages),
                runtimes);
    }
}
