package dev.sluice.server.testing;

import dev.sluice.server.SluiceServer;
import dev.sluice.server.action.ActionProgressListener;
import dev.sluice.server.job.JobAction;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The Sluice server as a process of its own, for crash tests: an action whose job is named in the
 * holds file (property {@code sluice.test.holds}, lines {@code jobName=step}) stops right after it
 * recorded that step, so the test can kill the process exactly there.
 */
public final class StepHoldingServer {

    private StepHoldingServer() {}

    public static void main(String[] args) {
        Path holds = Path.of(System.getProperty("sluice.test.holds"));
        new SpringApplicationBuilder(SluiceServer.class)
                .initializers(
                        context ->
                                context.getBeanFactory()
                                        .registerSingleton("stepHold", new StepHold(holds)))
                .run(args);
    }

    /** The test's side of the holds file: written whole and moved in place, never half-read. */
    public static final class Holds {

        private final Path file;
        private final Properties holds = new Properties();

        public Holds(Path file) {
            this.file = file;
        }

        public Path file() {
            return file;
        }

        /** From now on, an action of {@code job} stops once it recorded {@code step}. */
        public synchronized void hold(String job, String step) {
            holds.setProperty(job, step);
            write();
        }

        public synchronized void clear() {
            holds.clear();
            write();
        }

        private void write() {
            try {
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                try (java.io.Writer writer = Files.newBufferedWriter(tmp)) {
                    holds.store(writer, null);
                }
                Files.move(
                        tmp,
                        file,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Blocks an action's thread for good once it recorded the step its job is held at. */
    private record StepHold(Path holds) implements ActionProgressListener {

        @Override
        public void stepRecorded(JobAction action) {
            String step = read().getProperty(action.jobName());
            if (step != null && step.equals(action.progress().step())) {
                try {
                    Thread.sleep(Long.MAX_VALUE); // until the test kills the process
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("server stopping while held");
                }
            }
        }

        private Properties read() {
            Properties properties = new Properties();
            if (Files.isRegularFile(holds)) {
                try (Reader reader = Files.newBufferedReader(holds)) {
                    properties.load(reader);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return properties;
        }
    }
}
