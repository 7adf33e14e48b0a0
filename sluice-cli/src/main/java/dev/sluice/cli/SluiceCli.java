package dev.sluice.cli;

import dev.sluice.client.SluiceApiException;
import dev.sluice.client.SluiceClientException;
import dev.sluice.client.SluiceTimeoutException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;

/**
 * Entry point of the {@code sluice} CLI: wires the commands to an environment and turns every
 * failure into an exit code — 0 done, 1 failed or refused, 2 usage error.
 */
public final class SluiceCli {

    /** The action ran and succeeded. */
    static final int OK = 0;

    /** The action failed, the server refused, or it could not be reached. */
    static final int FAILED = 1;

    /** The command line was wrong; picocli's own code for it. */
    static final int USAGE = CommandLine.ExitCode.USAGE;

    private final CliEnvironment env;

    SluiceCli(CliEnvironment env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new SluiceCli(CliEnvironment.system()).execute(args));
    }

    /** Runs one command line and returns its exit code. */
    int execute(String... args) {
        SluiceCommand root = new SluiceCommand(env);
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(env.out());
        commandLine.setErr(env.err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionStrategy(
                parseResult -> {
                    try {
                        return new CommandLine.RunLast().execute(parseResult);
                    } finally {
                        root.saveRenewedToken();
                    }
                });
        commandLine.setExecutionExceptionHandler(
                (exception, failed, parseResult) -> report(exception, failed));
        int code = commandLine.execute(args);
        env.out().flush();
        env.err().flush();
        return code;
    }

    private int report(Exception exception, CommandLine failed) throws Exception {
        PrintWriter err = env.err();
        if (exception instanceof SluiceApiException refused) {
            err.println(
                    "sluice: "
                            + refused.code()
                            + ": "
                            + refused.errorMessage()
                            + " (HTTP "
                            + refused.status()
                            + ")");
            if (refused.status() == 401) {
                err.println("sluice: log in first: sluice login --help");
            }
            return FAILED;
        }
        if (exception instanceof SluiceTimeoutException timeout) {
            err.println(
                    "sluice: gave up waiting after "
                            + timeout.waited().toSeconds()
                            + " s; the operation goes on on the server: "
                            + timeout.operation());
            return FAILED;
        }
        if (exception instanceof SluiceClientException || exception instanceof CliFailure) {
            err.println("sluice: " + exception.getMessage());
            return FAILED;
        }
        throw exception;
    }

    /** The version in the jar's manifest, or "dev" when run from classes. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SluiceCli.class.getPackage().getImplementationVersion();
            return new String[] {"sluice " + (version == null ? "dev" : version)};
        }
    }
}
