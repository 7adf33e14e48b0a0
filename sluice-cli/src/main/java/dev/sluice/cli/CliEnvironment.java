package dev.sluice.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a run of the CLI sees of the world: environment variables, the home directory, where to
 * print, and whether a person watches a terminal. Tests hand in their own.
 *
 * @param variables the environment variables
 * @param home the user's home directory
 * @param out standard output: results
 * @param err standard error: progress and errors
 * @param tty whether output goes to a terminal (progress is then one line updated in place)
 */
record CliEnvironment(
        Map<String, String> variables, Path home, PrintWriter out, PrintWriter err, boolean tty) {

    static CliEnvironment system() {
        return new CliEnvironment(
                System.getenv(),
                Path.of(System.getProperty("user.home")),
                new PrintWriter(System.out, true),
                new PrintWriter(System.err, true),
                System.console() != null);
    }

    /** A variable's value, or {@code fallback} when unset or blank. */
    String variable(String name, String fallback) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** {@code $XDG_CONFIG_HOME/sluice}, or {@code ~/.config/sluice}. */
    Path configDir() {
        String xdg = variables.get("XDG_CONFIG_HOME");
        Path base = xdg == null || xdg.isBlank() ? home.resolve(".config") : Path.of(xdg);
        return base.resolve("sluice");
    }
}
