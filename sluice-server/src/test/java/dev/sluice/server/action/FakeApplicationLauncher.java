package dev.sluice.server.action;

import java.util.HashMap;
import java.util.Map;

/**
 * An Application-mode launcher for tests: its cluster's "definition" takes an upgrade's arguments
 * and Flink 2.3 on every launch of a new version and is put back as the rollback kept it; runs go
 * to the fake Flink as a session's would; a redeploy may fail, leaving no processes.
 */
final class FakeApplicationLauncher implements JobLauncher {

    private final SessionLauncher runs;
    private final EngineFlink flink;
    Map<String, String> definition =
            new HashMap<>(Map.of("flinkVersion", "1.20", "args", "--keep"));
    boolean redeployFails;
    private boolean processes = true;

    FakeApplicationLauncher(FlinkCalls calls, EngineFlink flink) {
        this.runs = new SessionLauncher(calls, c -> Map.of());
        this.flink = flink;
    }

    @Override
    public ActionRun launch(ActionRun run, String flinkJobId, String restorePath, boolean fresh) {
        if (Rollback.rollingBack(run)) {
            definition = new HashMap<>(Rollback.previousDefinition(run));
        } else {
            definition.put("flinkVersion", "2.3");
            definition.put("args", run.parameter("args"));
            if (redeployFails) {
                processes = false;
                flink.calls.add("redeploy failed");
                throw new ActionFailure("Redeploy failed");
            }
        }
        processes = true;
        return runs.launch(run, flinkJobId, restorePath, fresh);
    }

    @Override
    public String delete(ActionRun run) {
        return "deleted";
    }

    @Override
    public boolean hasProcesses(ActionRun run) {
        return processes;
    }

    @Override
    public boolean rollsBack() {
        return true;
    }

    @Override
    public Map<String, String> definition(ActionRun run) {
        return new HashMap<>(definition);
    }
}
