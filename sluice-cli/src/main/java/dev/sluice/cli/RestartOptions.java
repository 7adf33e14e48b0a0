package dev.sluice.cli;

import dev.sluice.client.JobRequest;
import picocli.CommandLine.Option;

/** What an action that runs the jar again may change: its arguments, the savepoint to use. */
final class RestartOptions {

    @Option(
            names = "--args",
            paramLabel = "ARGS",
            description = "New program arguments, space separated (default: the job's)")
    String args;

    @Option(
            names = "--savepoint",
            paramLabel = "NAME",
            description =
                    "The savepoint to run from: a name that `sluice job savepoints` lists, or a"
                            + " path (default: the last one)")
    String savepoint;

    JobRequest apply(JobRequest request) {
        return request.args(args).savepointName(savepoint);
    }
}
