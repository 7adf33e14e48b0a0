package dev.sluice.server.lifecycle;

import dev.sluice.server.common.DaemonThreads;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provisioner's background work: one task at a time per cluster on a few daemon threads, and
 * waits for a deployment that a delete of the same cluster (or a stopping server) interrupts.
 */
final class ClusterTasks {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterTasks.class);

    private final ExecutorService executor;
    private final Map<String, CompletableFuture<Void>> queues = new ConcurrentHashMap<>();
    private final Map<String, Thread> waiting = new ConcurrentHashMap<>();
    private volatile boolean closing;

    ClusterTasks(int threads) {
        this.executor =
                Executors.newFixedThreadPool(
                        Math.max(1, threads), DaemonThreads.numbered("sluice-cluster"));
    }

    /** Runs {@code task} after every task queued before for the same cluster. */
    CompletableFuture<Void> enqueue(String clusterKey, Runnable task) {
        CompletableFuture<Void> next =
                queues.compute(
                        clusterKey,
                        (key, previous) ->
                                (previous == null
                                                ? CompletableFuture.<Void>completedFuture(null)
                                                : previous)
                                        .handle((ok, e) -> (Void) null)
                                        .thenRunAsync(guarded(task), executor));
        next.whenComplete((ok, e) -> queues.remove(clusterKey, next));
        return next;
    }

    /** True while a task of the cluster is queued or running here. */
    boolean busy(String clusterKey) {
        return queues.containsKey(clusterKey);
    }

    /** Runs a wait for the cluster's deployment that {@link #interrupt} can cut short. */
    <T> T interruptibly(String clusterKey, Supplier<T> wait) {
        waiting.put(clusterKey, Thread.currentThread());
        try {
            return wait.get();
        } finally {
            synchronized (waiting) {
                waiting.remove(clusterKey);
            }
        }
    }

    /** Interrupts the cluster's wait, if one runs: there is no point waiting for what is to go. */
    void interrupt(String clusterKey) {
        synchronized (waiting) {
            Thread thread = waiting.get(clusterKey);
            if (thread != null) {
                thread.interrupt();
            }
        }
    }

    /** True once the server stops. */
    boolean closing() {
        return closing;
    }

    /**
     * Interrupts the waits and lets the rest finish on its daemon thread or die with the JVM: a
     * task interrupted mid-adoption would take a healthy cluster for dead.
     */
    void close() {
        closing = true;
        synchronized (waiting) {
            waiting.values().forEach(Thread::interrupt);
        }
        executor.shutdown();
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Cluster task failed unexpectedly", e);
            } finally {
                // An interrupt meant for this task must not hit the next one on this thread.
                Thread.interrupted();
            }
        };
    }
}
