package dev.sluice.server.testing;

import dev.sluice.server.action.ActionProgressListener;
import dev.sluice.server.job.JobAction;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Makes a test server "die" right after an action recorded a given step: the action thread blocks
 * there until the server is closed, so the next server must resume from that step.
 */
public final class ServerDeathAtStep implements ActionProgressListener {

    private final String step;
    private final CountDownLatch reached = new CountDownLatch(1);

    public ServerDeathAtStep(String step) {
        this.step = step;
    }

    @Override
    public void stepRecorded(JobAction action) {
        if (step.equals(action.progress().step())) {
            reached.countDown();
            try {
                Thread.sleep(Long.MAX_VALUE); // the server "dies" here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("server stopped");
            }
        }
    }

    /** True once an action reached the step within the timeout. */
    public boolean awaitReached(long seconds) throws InterruptedException {
        return reached.await(seconds, TimeUnit.SECONDS);
    }
}
