package dev.sluice.server.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepTest {

    @Test
    void stepsKeepTheStringsStoredInExistingRows() {
        assertThat(Arrays.stream(Step.values()).map(Step::stored))
                .containsExactlyInAnyOrder(
                        "savepoint-triggering",
                        "savepoint-taken",
                        "stop-triggering",
                        "stopped-with-savepoint",
                        "cancelled",
                        "savepoint-chosen",
                        "checkpoint-chosen",
                        "restore-point-chosen",
                        "upgrade-applied",
                        "submitting",
                        "submitted",
                        "running",
                        "previous-kept",
                        "rollback-started",
                        "rollback-cancelled",
                        "rollback-submitting",
                        "rollback-submitted",
                        "rolled-back");
    }

    @Test
    void everyStepRoundTripsThroughItsStoredValue() {
        for (Step step : Step.values()) {
            assertThat(Step.fromStored(step.stored())).contains(step);
        }
    }

    @Test
    void noStepAndAnUnknownStepReadAsNoStep() {
        for (String stored : List.of("", "RUNNING", "a-step-of-a-newer-server")) {
            assertThat(Step.fromStored(stored)).isEmpty();
        }
        assertThat(Step.fromStored(null)).isEmpty();
    }
}
