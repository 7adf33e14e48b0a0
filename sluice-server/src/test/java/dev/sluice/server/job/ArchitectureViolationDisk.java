package dev.sluice.server.job;

import java.nio.file.Files;
import java.nio.file.Path;

/** A deliberate violation for ArchitectureRulesTest: a feature reads the disk around the port. */
class ArchitectureViolationDisk {
    boolean exists(Path path) {
        return Files.exists(path);
    }
}
