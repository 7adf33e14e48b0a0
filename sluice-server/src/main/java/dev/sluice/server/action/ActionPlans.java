package dev.sluice.server.action;

import dev.sluice.api.JobActionType;
import dev.sluice.server.savepoint.SavepointHistory;
import java.util.EnumMap;
import java.util.Map;

/** The plan of each action type, built once from the steps they share. */
final class ActionPlans {

    private final Map<JobActionType, ActionPlan> plans = new EnumMap<>(JobActionType.class);

    ActionPlans(FlinkCalls calls, SavepointHistory history) {
        AwaitEnded awaitEnded = new AwaitEnded(calls);
        Cancel cancel = new Cancel(calls, awaitEnded);
        TakeSavepoint stopWithSavepoint = TakeSavepoint.stopping(calls);
        ChooseRestorePoint choose = new ChooseRestorePoint(calls);
        AwaitRunning awaitRunning = new AwaitRunning(calls);
        Submit submit = new Submit(awaitRunning);
        plans.put(JobActionType.NEW, new NewPlan(submit));
        plans.put(JobActionType.STOP, new StopPlan(stopWithSavepoint, awaitEnded));
        plans.put(JobActionType.SAVEPOINT, new SavepointPlan(TakeSavepoint.keepingRunning(calls)));
        plans.put(JobActionType.START, new StartPlan(choose, submit));
        plans.put(
                JobActionType.UPDATE,
                new UpdatePlan(
                        calls,
                        stopWithSavepoint,
                        awaitEnded,
                        choose,
                        submit,
                        new Rollback(calls, cancel, awaitRunning)));
        plans.put(JobActionType.STATELESS_UPDATE, new StatelessUpdatePlan(cancel, submit));
        plans.put(JobActionType.CANCEL, new CancelPlan(cancel));
        plans.put(JobActionType.LIST_SAVEPOINT, new ListSavepointPlan(history));
        plans.put(JobActionType.LAST_STATE_UPDATE, new LastStateUpdatePlan(cancel, choose, submit));
        plans.put(JobActionType.RE_LAUNCH, new ReLaunchPlan(choose, submit));
        plans.put(JobActionType.DELETE, new DeletePlan(history));
    }

    /** The plan of {@code type}; every type has one. */
    ActionPlan of(JobActionType type) {
        ActionPlan plan = plans.get(type);
        if (plan == null) {
            throw new IllegalStateException("No plan for action " + type);
        }
        return plan;
    }
}
