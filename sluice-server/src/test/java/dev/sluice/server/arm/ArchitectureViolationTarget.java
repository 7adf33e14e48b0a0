package dev.sluice.server.arm;

/** The HTTP adapter's side of the deliberate upward import in ArchitectureRulesTest. */
public class ArchitectureViolationTarget {}
