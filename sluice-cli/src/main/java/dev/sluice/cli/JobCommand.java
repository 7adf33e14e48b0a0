package dev.sluice.cli;

import dev.sluice.api.ClusterJob;
import dev.sluice.api.JobActionType;
import dev.sluice.api.JobSavepoint;
import dev.sluice.client.JobRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice job ...}: every runJob action of DESIGN.md §5 as a command, plus the jobs list and
 * one job's detail.
 */
@Command(
        name = "job",
        mixinStandardHelpOptions = true,
        description = "Runs the actions of Flink jobs on a cluster, lists and shows jobs.",
        subcommands = JobNewCommand.class,
        footer = {
            "",
            "Actions follow the job's state: STOP and SAVEPOINT need RUNNING, START needs",
            "STOPPED or FAILED, DELETE anything but RUNNING. --wait follows one to its end.",
            "",
            "Example:",
            "  sluice job update counter -c flink1 --wait"
        })
final class JobCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Name a command; see sluice job --help");
    }

    private SluiceCommand root() {
        return SluiceCommand.of(spec);
    }

    private int run(JobRequest request, WaitOptions wait) {
        return new JobRunner(root()).run(request, wait);
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Lists the cluster's jobs (every page).",
            footer = {
                "",
                "Examples:",
                "  sluice job list -c flink1",
                "  sluice job list --filter \"jarName eq counter.jar\""
            })
    int list(
            @Option(
                            names = "--filter",
                            paramLabel = "EXPR",
                            description = "An OData $filter: jobName eq x, jarName eq x")
                    String filter) {
        SluiceCommand root = root();
        List<ClusterJob> jobs = root.client().jobs().list(root.clusterRef(), filter);
        root.printer()
                .list(
                        jobs,
                        List.of("NAME", "STATUS", "ACTION", "RESULT", "FLINK-JOB-ID", "JAR"),
                        jobs.stream()
                                .map(
                                        job ->
                                                List.<Object>of(
                                                        job.name(),
                                                        nonNull(job.properties().status()),
                                                        nonNull(job.properties().action()),
                                                        nonNull(job.properties().actionResult()),
                                                        nonNull(job.properties().jobId()),
                                                        nonNull(job.properties().jarName())))
                                .toList());
        return SluiceCli.OK;
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Shows one job and its action history, newest first.",
            footer = {"", "Example:", "  sluice job show counter -c flink1"})
    int show(@Parameters(paramLabel = "JOB", description = "The job's name") String name) {
        SluiceCommand root = root();
        JobRunner.printDetail(root.printer(), root.client().jobs().get(root.clusterRef(), name));
        return SluiceCli.OK;
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = "Stops a RUNNING job with a savepoint (STOP).",
            footer = {"", "Example:", "  sluice job stop counter --wait"})
    int stop(@Parameters(paramLabel = "JOB") String name, @Mixin WaitOptions wait) {
        return run(JobRequest.of(JobActionType.STOP, name), wait);
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description =
                    "Starts a STOPPED or FAILED job from its last savepoint, or the one named"
                            + " (START).",
            footer = {
                "",
                "Example:",
                "  sluice job start counter --savepoint savepoint-1a2b3c-0123456789ab --wait"
            })
    int start(
            @Parameters(paramLabel = "JOB") String name,
            @Mixin RestartOptions restart,
            @Mixin WaitOptions wait) {
        return run(restart.apply(JobRequest.of(JobActionType.START, name)), wait);
    }

    @Command(
            name = "update",
            mixinStandardHelpOptions = true,
            description = {
                "Runs the jar as it is now in storage from a fresh savepoint (UPDATE).",
                "Stops a RUNNING job with a savepoint first. Upload the new jar under the same",
                "name before."
            },
            footer = {
                "",
                "Example:",
                "  sluice jar upload target/counter-v2.jar --name counter.jar",
                "  sluice job update counter --wait || exit 1"
            })
    int update(
            @Parameters(paramLabel = "JOB") String name,
            @Mixin RestartOptions restart,
            @Mixin WaitOptions wait) {
        return run(restart.apply(JobRequest.of(JobActionType.UPDATE, name)), wait);
    }

    @Command(
            name = "stateless-update",
            mixinStandardHelpOptions = true,
            description =
                    "Cancels the job and runs the jar fresh, without state (STATELESS_UPDATE).",
            footer = {
                "",
                "Example:",
                "  sluice job stateless-update counter --args \"--rate 50\" --wait"
            })
    int statelessUpdate(
            @Parameters(paramLabel = "JOB") String name,
            @Mixin RestartOptions restart,
            @Mixin WaitOptions wait) {
        return run(restart.apply(JobRequest.of(JobActionType.STATELESS_UPDATE, name)), wait);
    }

    @Command(
            name = "savepoint",
            mixinStandardHelpOptions = true,
            description = "Takes a savepoint of a RUNNING job; it keeps running (SAVEPOINT).",
            footer = {"", "Example:", "  sluice job savepoint counter --wait"})
    int savepoint(@Parameters(paramLabel = "JOB") String name, @Mixin WaitOptions wait) {
        return run(JobRequest.of(JobActionType.SAVEPOINT, name), wait);
    }

    @Command(
            name = "savepoints",
            mixinStandardHelpOptions = true,
            description = {
                "Lists the job's savepoint history, newest first: when, how taken (manual,",
                "periodic, stop, update, delete, imported), size, usable, disposed or not."
            },
            footer = {"", "Example:", "  sluice job savepoints counter"})
    int savepoints(@Parameters(paramLabel = "JOB") String name) {
        SluiceCommand root = root();
        List<JobSavepoint> savepoints = root.client().jobs().savepoints(root.clusterRef(), name);
        root.printer()
                .list(
                        savepoints,
                        List.of("NAME", "TAKEN", "KIND", "SIZE", "USABLE", "STATE", "PATH"),
                        savepoints.stream()
                                .map(
                                        s ->
                                                List.<Object>of(
                                                        s.name(),
                                                        s.properties().takenAt(),
                                                        s.properties().kind(),
                                                        s.properties().sizeBytes(),
                                                        s.properties().usable() ? "yes" : "no",
                                                        s.properties().state(),
                                                        s.properties().path()))
                                .toList());
        return SluiceCli.OK;
    }

    @Command(
            name = "import-savepoint",
            mixinStandardHelpOptions = true,
            description = {
                "Records a savepoint made outside Sluice (a directory with _metadata inside the",
                "cluster's storage) in the job's history; start from it with --savepoint PATH."
            },
            footer = {
                "",
                "Example:",
                "  sluice job import-savepoint counter file:///data/old/savepoint-1a2b3c-0123456789ab"
            })
    int importSavepoint(
            @Parameters(index = "0", paramLabel = "JOB") String name,
            @Parameters(index = "1", paramLabel = "PATH") String path) {
        SluiceCommand root = root();
        JobSavepoint imported = root.client().jobs().importSavepoint(root.clusterRef(), name, path);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", imported.name());
        fields.put("path", imported.properties().path());
        fields.put("takenAt", imported.properties().takenAt());
        fields.put("kind", imported.properties().kind());
        fields.put("usable", imported.properties().usable());
        root.printer().resource(imported, fields);
        return SluiceCli.OK;
    }

    @Command(
            name = "cancel",
            mixinStandardHelpOptions = true,
            description = "Cancels the job without a savepoint; CANCELLED is final (CANCEL).",
            footer = {"", "Example:", "  sluice job cancel counter --wait"})
    int cancel(@Parameters(paramLabel = "JOB") String name, @Mixin WaitOptions wait) {
        return run(JobRequest.of(JobActionType.CANCEL, name), wait);
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Removes a job that is not RUNNING; its savepoint files stay (DELETE).",
            footer = {"", "Example:", "  sluice job delete counter --wait"})
    int delete(@Parameters(paramLabel = "JOB") String name, @Mixin WaitOptions wait) {
        return run(JobRequest.of(JobActionType.DELETE, name), wait);
    }

    @Command(
            name = "relaunch",
            mixinStandardHelpOptions = true,
            description =
                    "Runs a FAILED job again from its newest checkpoint or savepoint (RE_LAUNCH).",
            footer = {"", "Example:", "  sluice job relaunch counter --wait"})
    int relaunch(@Parameters(paramLabel = "JOB") String name, @Mixin WaitOptions wait) {
        return run(JobRequest.of(JobActionType.RE_LAUNCH, name), wait);
    }

    @Command(
            name = "last-state-update",
            mixinStandardHelpOptions = true,
            description =
                    "Runs the jar from the job's latest retained checkpoint (LAST_STATE_UPDATE).",
            footer = {"", "Example:", "  sluice job last-state-update counter --wait"})
    int lastStateUpdate(
            @Parameters(paramLabel = "JOB") String name,
            @Mixin RestartOptions restart,
            @Mixin WaitOptions wait) {
        return run(restart.apply(JobRequest.of(JobActionType.LAST_STATE_UPDATE, name)), wait);
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
