package dev.sluice.client;

import dev.sluice.api.OperationStatus;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Waits for long-running operations the ARM way: polls {@code Location} while it answers 202
 * (following a new {@code Location} if one is given, pausing for {@code Retry-After}) until it
 * answers the final resource; without a {@code Location}, polls the {@code Azure-AsyncOperation}
 * status document instead.
 */
public final class Operations {

    /** Poll interval when the server suggests none. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    /** Bounds on a server's Retry-After, so that a wait neither spins nor dozes off. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);

    static final Duration MAX_INTERVAL = Duration.ofSeconds(30);

    /** Pauses between polls; a seam for tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Transport transport;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration pollInterval;

    Operations(Transport transport, Clock clock, Sleeper sleeper, Duration pollInterval) {
        this.transport = transport;
        this.clock = clock;
        this.sleeper = sleeper;
        this.pollInterval = pollInterval;
    }

    /**
     * Waits until the operation ends and returns its final resource.
     *
     * @param operation what a PUT, DELETE or runJob started
     * @param timeout how long to wait at most
     * @param progress told after each poll that found the operation still running
     * @return the final resource (for a job action: the job, whose {@code actionResult} says
     *     whether it succeeded); null when the operation leaves none, as a DELETE does
     * @throws SluiceTimeoutException when the operation still runs after {@code timeout}
     * @throws SluiceApiException when the operation failed (a failed cluster operation answers its
     *     error) or polling was refused
     */
    public <T> T await(Operation<T> operation, Duration timeout, ProgressListener progress) {
        if (operation.done()) {
            return operation.accepted();
        }
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        URI poll = operation.location() != null ? operation.location() : operation.asyncOperation();
        boolean byLocation = operation.location() != null;
        Duration wait = interval(operation.retryAfter());
        for (int attempt = 1; ; attempt++) {
            Transport.Answer answer = transport.get(poll);
            String status;
            if (byLocation) {
                if (answer.status() != 202) {
                    return answer.status() == 204 || operation.resultType() == Void.class
                            ? null
                            : transport.read(answer, operation.resultType());
                }
                String next = answer.header("Location");
                poll = next == null ? poll : transport.link(next);
                status = "InProgress";
            } else {
                OperationStatus document = transport.read(answer, OperationStatus.class);
                status = document == null || document.status() == null ? "" : document.status();
                if (terminal(status)) {
                    return finished(operation, document);
                }
            }
            wait = interval(retryAfter(answer.header("Retry-After"), wait));
            Duration elapsed = Duration.between(start, clock.instant());
            listener.onProgress(new OperationProgress(poll, attempt, elapsed, status));
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new SluiceTimeoutException(poll, elapsed);
            }
            pause(wait.compareTo(left) < 0 ? wait : left);
        }
    }

    /**
     * The {@code Azure-AsyncOperation} status document of an operation, once.
     *
     * @throws IllegalArgumentException when the operation has no status URL
     */
    public OperationStatus status(Operation<?> operation) {
        if (operation.asyncOperation() == null) {
            throw new IllegalArgumentException("The operation has no Azure-AsyncOperation URL");
        }
        return transport.read(transport.get(operation.asyncOperation()), OperationStatus.class);
    }

    private static boolean terminal(String status) {
        String s = status.toLowerCase(Locale.ROOT);
        return s.equals("succeeded") || s.equals("failed") || s.equals("canceled");
    }

    private static <T> T finished(Operation<T> operation, OperationStatus document) {
        if ("succeeded".equalsIgnoreCase(document.status())) {
            return operation.accepted();
        }
        String code = document.error() == null ? "OperationFailed" : document.error().code();
        String message =
                document.error() == null
                        ? "The operation ended " + document.status()
                        : document.error().message();
        throw new SluiceApiException(
                200,
                code,
                message,
                document.error() == null ? null : document.error().target(),
                null);
    }

    private Duration interval(Duration suggested) {
        if (pollInterval != null) {
            return pollInterval;
        }
        if (suggested == null) {
            return DEFAULT_INTERVAL;
        }
        if (suggested.compareTo(MIN_INTERVAL) < 0) {
            return MIN_INTERVAL;
        }
        return suggested.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : suggested;
    }

    static Duration retryAfter(String header, Duration otherwise) {
        if (header == null) {
            return otherwise;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            // An HTTP date is allowed too; the previous interval is close enough.
            return otherwise;
        }
    }

    private void pause(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SluiceClientException("Interrupted while waiting for an operation", e);
        }
    }
}
