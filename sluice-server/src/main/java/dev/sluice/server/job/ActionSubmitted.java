package dev.sluice.server.job;

/** Published once an action row is committed, so the engine can start executing it. */
public record ActionSubmitted(String actionId) {}
