package dev.sluice.server.savepoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private final List<SavepointRecord> history = new ArrayList<>();

    /** Adds a savepoint taken {@code minutesAgo}; the history stays newest first. */
    private SavepointRecord add(String name, SavepointKind kind, int minutesAgo) {
        return add(name, kind, minutesAgo, true, SavepointState.AVAILABLE);
    }

    private SavepointRecord add(
            String name, SavepointKind kind, int minutesAgo, boolean usable, SavepointState state) {
        SavepointRecord r =
                new SavepointRecord(
                        name,
                        1,
                        "c",
                        "job",
                        new SavepointEntry(
                                name,
                                "file:///sp/" + name,
                                NOW.minus(Duration.ofMinutes(minutesAgo)),
                                usable,
                                10),
                        kind,
                        null,
                        state,
                        null,
                        null);
        history.add(r);
        history.sort((a, b) -> b.time().compareTo(a.time()));
        return r;
    }

    private List<String> disposed(Retention retention, Set<String> protectedUris) {
        return retention.toDispose(history, protectedUris, NOW).stream()
                .map(SavepointRecord::id)
                .toList();
    }

    @Test
    void keepsTheNewestCountOfPeriodicAndManualOnes() {
        add("p1", SavepointKind.PERIODIC, 50);
        add("m2", SavepointKind.MANUAL, 40);
        add("p3", SavepointKind.PERIODIC, 30);
        add("p4", SavepointKind.PERIODIC, 20);

        assertThat(disposed(new Retention(2, null), Set.of())).containsExactly("m2", "p1");
    }

    @Test
    void neverDisposesStopUpdateDeleteOrImportedOnes() {
        add("s1", SavepointKind.STOP, 50);
        add("u2", SavepointKind.UPDATE, 40);
        add("i3", SavepointKind.IMPORTED, 35);
        add("d4", SavepointKind.DELETE, 32);
        add("p5", SavepointKind.PERIODIC, 30);

        assertThat(disposed(new Retention(1, Duration.ofMinutes(1)), Set.of())).isEmpty();
    }

    @Test
    void keepsTheNewestUsableAndTheProtectedOnesEvenBeyondTheLimits() {
        add("p1", SavepointKind.PERIODIC, 50);
        add("p2", SavepointKind.PERIODIC, 40);
        add("p3", SavepointKind.PERIODIC, 30);
        add("p4", SavepointKind.PERIODIC, 20, false, SavepointState.AVAILABLE);

        // p4 is unusable: p3 is the newest usable one; p1 is the one the run restored from.
        assertThat(disposed(new Retention(1, Duration.ofMinutes(10)), Set.of("file:///sp/p1")))
                .containsExactly("p4", "p2");
    }

    @Test
    void disposesThoseOlderThanTheAgeAndRetriesFailedDisposals() {
        add("p1", SavepointKind.PERIODIC, 90, true, SavepointState.DISPOSE_FAILED);
        add("p2", SavepointKind.PERIODIC, 70, true, SavepointState.DISPOSED);
        add("p3", SavepointKind.MANUAL, 61);
        add("p4", SavepointKind.PERIODIC, 5);

        assertThat(disposed(new Retention(10, Duration.ofHours(1)), Set.of()))
                .containsExactly("p3", "p1");
    }
}
