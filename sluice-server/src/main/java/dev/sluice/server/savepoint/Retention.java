package dev.sluice.server.savepoint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which savepoints of a job's history retention disposes: of the periodic and manual ones, those
 * beyond the newest {@code count} and those older than {@code age}; never the newest usable
 * savepoint of any kind, nor one the caller protects (the one the current run restored from).
 * Savepoints taken by STOP, UPDATE or DELETE, and imported ones, are never disposed.
 *
 * @param count how many periodic and manual savepoints to keep, at least 1
 * @param age how old they may grow, null for no limit
 */
public record Retention(int count, Duration age) {

    /** {@code sluice.savepoint.retention.count}'s default. */
    public static final int DEFAULT_COUNT = 10;

    public Retention {
        if (count < 1) {
            throw new IllegalArgumentException("retention count must be at least 1, was " + count);
        }
    }

    /**
     * The savepoints to dispose now (those whose disposal failed before come again).
     *
     * @param history the job's history, newest first
     * @param protectedUris canonical URIs that must stay
     */
    public List<SavepointRecord> toDispose(
            List<SavepointRecord> history, Set<String> protectedUris, Instant now) {
        Optional<SavepointRecord> newestUsable =
                history.stream()
                        .filter(r -> r.state() == SavepointState.AVAILABLE && r.usable())
                        .findFirst();
        List<SavepointRecord> dispose = new ArrayList<>();
        int kept = 0;
        for (SavepointRecord r : history) {
            if (r.state() == SavepointState.DISPOSED || !r.kind().retained()) {
                continue;
            }
            boolean tooOld = age != null && r.time().isBefore(now.minus(age));
            boolean beyondCount = kept >= count;
            boolean mustStay =
                    newestUsable.map(n -> n.id().equals(r.id())).orElse(false)
                            || protectedUris.contains(r.uri());
            if ((tooOld || beyondCount) && !mustStay) {
                dispose.add(r);
            } else {
                kept++;
            }
        }
        return dispose;
    }
}
