package dev.sluice.server.storage;

import dev.sluice.server.flink.ArchitectureViolationCycle;

/** A deliberate violation for ArchitectureRulesTest: the other half of a package cycle. */
public class ArchitectureViolationCycleBack {
    ArchitectureViolationCycle forth;
}
