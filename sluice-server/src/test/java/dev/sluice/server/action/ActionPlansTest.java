package dev.sluice.server.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.JobActionType;
import dev.sluice.server.savepoint.SavepointHistory;
import org.junit.jupiter.api.Test;

class ActionPlansTest {

    @Test
    void everyActionTypeHasAPlan() {
        ActionPlans plans =
                new ActionPlans(
                        new FlinkCalls(EngineFixture.PROPERTIES), new SavepointHistory(null));
        for (JobActionType type : JobActionType.values()) {
            assertThat(plans.of(type)).as(type.name()).isNotNull();
        }
    }
}
