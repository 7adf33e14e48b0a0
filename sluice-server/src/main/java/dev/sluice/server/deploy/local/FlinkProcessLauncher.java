package dev.sluice.server.deploy.local;

import dev.sluice.server.deploy.DeploymentException;
import dev.sluice.server.deploy.DeploymentFailure.Kind;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts Flink JobManager and TaskManager JVMs the way Flink's own scripts do: memory flags from
 * {@code BashJavaUtils}, the Java 17 module opens, one log file per process, and a new session so
 * that stopping the Sluice server does not take its clusters down.
 */
final class FlinkProcessLauncher {

    static final String SESSION_ENTRYPOINT =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String APPLICATION_ENTRYPOINT =
            "org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint";
    static final String TASK_MANAGER_RUNNER =
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    static final String HISTORY_SERVER =
            "org.apache.flink.runtime.webmonitor.history.HistoryServer";

    /** Marks every process Sluice starts, so a recorded PID is only trusted if it carries it. */
    static final String CLUSTER_MARKER = "-Dsluice.cluster.dir=";

    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final String BASH_JAVA_UTILS =
            "org.apache.flink.runtime.util.bash.BashJavaUtils";

    // Flink's env.java.opts.all defaults for Java 17: without them jobs fail with
    // InaccessibleObjectException (Kryo, Pekko and the network stack reflect into the JDK).
    private static final List<String> MODULE_FLAGS =
            List.of(
                    "-XX:+IgnoreUnrecognizedVMOptions",
                    "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
                    "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /** The kinds of process: a session or an application JobManager, and TaskManagers. */
    enum Role {
        JOBMANAGER("GET_JM_RESOURCE_PARAMS", SESSION_ENTRYPOINT),
        APPLICATION("GET_JM_RESOURCE_PARAMS", APPLICATION_ENTRYPOINT),
        TASKMANAGER("GET_TM_RESOURCE_PARAMS", TASK_MANAGER_RUNNER),
        /** Sized by its own heap flag: Flink computes no memory for it. */
        HISTORYSERVER(null, HISTORY_SERVER);

        private final String resourceCommand;
        private final String mainClass;

        Role(String resourceCommand, String mainClass) {
            this.resourceCommand = resourceCommand;
            this.mainClass = mainClass;
        }
    }

    /** JVM flags and {@code -D} dynamic properties that Flink derives from its memory config. */
    record ResourceParams(List<String> jvmFlags, List<String> dynamicProperties) {}

    private final String java;
    private final String setsid;

    FlinkProcessLauncher() {
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.setsid = Files.isExecutable(Path.of("/usr/bin/setsid")) ? "/usr/bin/setsid" : null;
    }

    /**
     * Asks Flink to compute the memory flags of a process from the config dir, exactly as {@code
     * jobmanager.sh}/{@code taskmanager.sh} do.
     *
     * @throws DeploymentException with Flink's reason when the memory settings are invalid
     */
    ResourceParams resourceParams(FlinkRuntime runtime, Path confDir, Role role) {
        Path clusterDir = confDir.toAbsolutePath().getParent();
        // BashJavaUtils logs to the console we read. Should a log4j configuration of Flink's
        // reach it anyway (a classpath or environment setting), its file gets a name in the
        // cluster's log dir, never a literal "${sys:log.file}" in the server's working directory.
        List<String> command =
                List.of(
                        java,
                        "-Dlog4j2.level=WARN",
                        "-Dlog.file=" + clusterDir.resolve("log").resolve("memory-settings.log"),
                        "-cp",
                        runtime.classpath(),
                        BASH_JAVA_UTILS,
                        role.resourceCommand,
                        "--configDir",
                        confDir.toString());
        String output;
        int exit;
        try {
            Process process =
                    new ProcessBuilder(command)
                            .directory(clusterDir.toFile())
                            .redirectErrorStream(true)
                            .start();
            process.getOutputStream().close();
            byte[] bytes = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new DeploymentException(
                        Kind.TIMEOUT,
                        "Flink's BashJavaUtils did not answer within 60 s for " + role);
            }
            output = new String(bytes, StandardCharsets.UTF_8);
            exit = process.exitValue();
        } catch (IOException e) {
            throw new DeploymentException(
                    Kind.IO_ERROR, "Cannot run " + java + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException(
                    Kind.INTERRUPTED, "Interrupted while computing memory settings", e);
        }
        List<String> results =
                output.lines()
                        .filter(line -> line.startsWith(RESULT_PREFIX))
                        .map(line -> line.substring(RESULT_PREFIX.length()).trim())
                        .toList();
        if (exit != 0 || results.size() < 2) {
            throw new DeploymentException(
                    Kind.INVALID_SPEC,
                    "Flink rejected the "
                            + role.name().toLowerCase()
                            + " memory settings: "
                            + LogTail.reason(output));
        }
        // The last two result lines are the JVM flags and the dynamic properties.
        return new ResourceParams(
                split(results.get(results.size() - 2)), split(results.get(results.size() - 1)));
    }

    /** Starts one Flink process in its own session; stdout and stderr go to {@code <name>.out}. */
    Process start(
            FlinkRuntime runtime,
            Path clusterDir,
            Path confDir,
            Path logDir,
            String processName,
            Role role,
            ResourceParams params,
            List<String> extraArgs) {
        List<String> command = new ArrayList<>();
        if (setsid != null) {
            command.add(setsid);
        }
        command.add(java);
        command.addAll(MODULE_FLAGS);
        command.addAll(params.jvmFlags());
        command.add(CLUSTER_MARKER + clusterDir.toAbsolutePath());
        Path logFile = logDir.resolve(processName + ".log");
        command.add("-Dlog.file=" + logFile);
        command.add("-Dlog4j.configuration=file:" + confDir.resolve("log4j.properties"));
        command.add("-Dlog4j.configurationFile=file:" + confDir.resolve("log4j.properties"));
        command.add("-cp");
        command.add(runtime.classpath());
        command.add(role.mainClass);
        command.add("--configDir");
        command.add(confDir.toString());
        command.addAll(params.dynamicProperties());
        command.addAll(PrometheusPorts.arguments(clusterDir, processName));
        command.addAll(extraArgs);
        File out = logDir.resolve(processName + ".out").toFile();
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .directory(clusterDir.toFile())
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(out))
                            .redirectErrorStream(true);
            // Flink looks for plugins (its Azure filesystem) in FLINK_PLUGINS_DIR, else in the
            // working directory, which is the cluster's own.
            builder.environment()
                    .put("FLINK_PLUGINS_DIR", runtime.plugins().toAbsolutePath().toString());
            return builder.start();
        } catch (IOException e) {
            throw new DeploymentException(
                    Kind.IO_ERROR,
                    "Cannot start the " + processName + " process: " + e.getMessage(),
                    e);
        }
    }

    private static List<String> split(String line) {
        return line.isBlank() ? List.of() : Arrays.asList(line.trim().split("\\s+"));
    }
}
