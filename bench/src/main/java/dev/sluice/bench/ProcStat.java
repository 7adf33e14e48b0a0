package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What Linux's /proc says about a process: resident memory and CPU time, also per thread. */
final class ProcStat {

    /** USER_HZ: /proc/[pid]/stat counts CPU time in these ticks on every Linux we run on. */
    private static final double MILLIS_PER_TICK = 10.0;

    private final long pid;

    ProcStat(long pid) {
        this.pid = pid;
    }

    /** VmRSS in MiB. */
    double rssMib() {
        for (String line : lines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                String kb = line.substring("VmRSS:".length()).trim().split("\\s+")[0];
                return Long.parseLong(kb) / 1024.0;
            }
        }
        throw new IllegalStateException("No VmRSS for process " + pid);
    }

    /**
     * User plus system CPU time of the whole process, threads that ended included, in ms (10 ms
     * resolution).
     */
    double processCpuMillis() {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name may hold spaces and parentheses: fields count from the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) * MILLIS_PER_TICK;
    }

    /**
     * CPU time of the live thread of that name in ms, with nanosecond resolution (schedstat), or -1
     * when no such thread runs. Linux keeps 15 characters of a thread's name.
     */
    double threadCpuMillis(String threadName) {
        String comm = threadName.length() > 15 ? threadName.substring(0, 15) : threadName;
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path task : threads.toList()) {
                if (read(task.resolve("comm")).trim().equals(comm)) {
                    String schedstat = read(task.resolve("schedstat")).trim();
                    return Long.parseLong(schedstat.split(" ")[0]) / 1e6;
                }
            }
        } catch (IOException | IllegalStateException e) {
            return -1; // the thread or the process went away between listing and reading
        }
        return -1;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
    }

    private static List<String> lines(Path file) {
        return read(file).lines().toList();
    }
}
