package dev.sluice.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the Sluice control plane. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SluiceServer {

    public static void main(String[] args) {
        SpringApplication.run(SluiceServer.class, args);
    }
}
