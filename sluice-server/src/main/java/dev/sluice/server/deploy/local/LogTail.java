package dev.sluice.server.deploy.local;

import dev.sluice.server.deploy.DeploymentFailure;
import dev.sluice.server.deploy.DeploymentFailure.Kind;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the end of a Flink process log, to explain in an error why a process did not come up. */
final class LogTail {

    private static final int MAX_BYTES = 64 * 1024;

    private LogTail() {}

    /** The last {@code lines} lines of a file, or a note that it does not exist. */
    static String of(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "(no " + file.getFileName() + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, raf.length() - MAX_BYTES);
            byte[] bytes = new byte[(int) (raf.length() - start)];
            raf.seek(start);
            raf.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /**
     * A failure as a user can read it: the message, and the cause the log tails name when they name
     * an exception; the tails themselves travel beside it.
     */
    static DeploymentFailure failure(Kind kind, String message, String tails) {
        String cause = reason(tails);
        String readable = message;
        if (cause.contains("Exception") || cause.contains("Error")) {
            readable += " Cause: " + cause;
        }
        return new DeploymentFailure(kind, readable, tails);
    }

    /**
     * The most telling line of a Flink failure output: the message of the innermost exception,
     * which is where Flink states the actual cause (for example a memory size below its minimum).
     */
    static String reason(String output) {
        String reason = null;
        for (String line : output.lines().toList()) {
            String trimmed = line.trim();
            if (trimmed.startsWith("Caused by: ")
                    || (reason == null && trimmed.matches("^[\\w.$]+(Exception|Error): .*"))) {
                reason = trimmed.startsWith("Caused by: ") ? trimmed.substring(11) : trimmed;
            }
        }
        if (reason != null) {
            return reason;
        }
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).trim();
    }
}
