package dev.sluice.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sluice logout}: forgets the stored login, secret and token included. */
@Command(
        name = "logout",
        mixinStandardHelpOptions = true,
        description = "Removes the login that `sluice login` stored.",
        footer = {"", "Example:", "  sluice logout"})
final class LogoutCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SluiceCommand root = SluiceCommand.of(spec);
        Path file = StoredLogin.file(root.env());
        root.env()
                .out()
                .println(
                        Files.deleteIfExists(file)
                                ? "Logged out: removed " + file
                                : "Not logged in (no " + file + ")");
        return SluiceCli.OK;
    }
}
