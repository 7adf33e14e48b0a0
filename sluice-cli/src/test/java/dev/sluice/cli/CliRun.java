package dev.sluice.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs the CLI in-process as a user would run {@code sluice ARGS}: with the given environment,
 * standard output and error captured, the exit code returned.
 */
final class CliRun {

    /** What one run printed and returned. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Map<String, String> variables;
    private final Path home;

    CliRun(Map<String, String> variables, Path home) {
        this.variables = variables;
        this.home = home;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
                new SluiceCli(
                                new CliEnvironment(
                                        variables,
                                        home,
                                        new PrintWriter(out, true),
                                        new PrintWriter(err, true),
                                        false))
                        .execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
