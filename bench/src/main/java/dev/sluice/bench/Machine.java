package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** One line describing the machine the figures come from: cores, memory, CPU, Java. */
final class Machine {

    private Machine() {}

    static String describe() {
        return String.format(
                Locale.ROOT,
                "Machine: %d cores (%s), %s memory, Java %s (%s)",
                Runtime.getRuntime().availableProcessors(),
                field("/proc/cpuinfo", "model name"),
                field("/proc/meminfo", "MemTotal"),
                System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name"));
    }

    /** The 1-, 5- and 15-minute load averages: other work on the machine skews every figure. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String field(String file, String name) {
        try {
            return Files.readAllLines(Path.of(file)).stream()
                    .filter(line -> line.startsWith(name))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown " + name);
        } catch (IOException e) {
            return "unknown " + name;
        }
    }
}
