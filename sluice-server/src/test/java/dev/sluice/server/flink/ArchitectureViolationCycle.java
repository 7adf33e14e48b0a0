package dev.sluice.server.flink;

import dev.sluice.server.storage.ArchitectureViolationCycleBack;

/** A deliberate violation for ArchitectureRulesTest: flink and storage import each other. */
public class ArchitectureViolationCycle {
    ArchitectureViolationCycleBack back;
}
