package dev.sluice.server.common;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads named after their work: background work must never keep a stopping JVM alive, and
 * a thread dump must say whose thread is whose.
 */
public final class DaemonThreads implements ThreadFactory {

    private final String prefix;
    private final boolean numbered;
    private final AtomicInteger count = new AtomicInteger();

    private DaemonThreads(String prefix, boolean numbered) {
        this.prefix = prefix;
        this.numbered = numbered;
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, ... */
    public static DaemonThreads numbered(String prefix) {
        return new DaemonThreads(prefix, true);
    }

    /** Threads all named {@code name} (for single-thread executors). */
    public static DaemonThreads named(String name) {
        return new DaemonThreads(name, false);
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread =
                new Thread(task, numbered ? prefix + "-" + count.incrementAndGet() : prefix);
        thread.setDaemon(true);
        return thread;
    }
}
