package dev.sluice.server;

import dev.sluice.server.deploy.local.LocalClusterCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the Sluice control plane; {@code down} stops the local clusters instead. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SluiceServer {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("down")) {
            System.exit(LocalClusterCommand.down(System.getenv("SLUICE_DATA_DIR")));
        }
        SpringApplication.run(SluiceServer.class, args);
    }
}
