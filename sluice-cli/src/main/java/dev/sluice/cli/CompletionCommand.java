package dev.sluice.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sluice completion bash}: prints picocli's bash completion script for every command. */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = "Prints a completion script for the shell (bash; zsh loads it too).",
        footer = {
            "",
            "Example:",
            "  source <(sluice completion bash)",
            "  sluice completion bash > /etc/bash_completion.d/sluice"
        })
final class CompletionCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(
            arity = "0..1",
            defaultValue = "bash",
            paramLabel = "SHELL",
            description = "bash (default)")
    Shell shell;

    /** The shells picocli generates a script for. */
    enum Shell {
        bash
    }

    @Override
    public Integer call() {
        SluiceCommand root = SluiceCommand.of(spec);
        root.env().out().print(AutoComplete.bash("sluice", spec.root().commandLine()));
        return SluiceCli.OK;
    }
}
