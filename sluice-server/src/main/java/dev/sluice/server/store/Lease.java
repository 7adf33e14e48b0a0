package dev.sluice.server.store;

/**
 * A claim on one piece of work held by one server: the fence grows on every takeover, so a write
 * carrying an older fence is from a server that lost the work.
 *
 * @param key what the work is, e.g. {@code action:<id>}
 * @param owner the server id holding it
 * @param fence the takeover number this holder got
 */
public record Lease(String key, String owner, long fence) {}
