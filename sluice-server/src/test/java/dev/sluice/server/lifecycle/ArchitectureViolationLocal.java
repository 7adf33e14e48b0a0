package dev.sluice.server.lifecycle;

import dev.sluice.server.deploy.local.LocalProcessDeployer;

/** A deliberate violation for ArchitectureRulesTest: lifecycle reaches into local processes. */
class ArchitectureViolationLocal {
    Class<?> ports = LocalProcessDeployer.class;
}
