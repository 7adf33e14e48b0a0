package dev.sluice.server.common;

import dev.sluice.server.arm.ArchitectureViolationTarget;

/**
 * A deliberate violation for ArchitectureRulesTest: the bottom package imports the HTTP adapter.
 */
class ArchitectureViolationUpward {
    ArchitectureViolationTarget adapter;
}
