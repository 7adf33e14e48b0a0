package dev.sluice.server.store;

import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Read-modify-write of one row under its lock: in the caller's transaction when there is one, else
 * in a transaction of its own.
 */
public final class LockedUpdate {

    private final TransactionTemplate transaction;

    public LockedUpdate(PlatformTransactionManager transactionManager) {
        this.transaction = new TransactionTemplate(transactionManager);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
    }

    /**
     * Locks and reads the row, applies {@code change}, writes the result.
     *
     * @param lockAndRead reads the row with {@code SELECT ... FOR UPDATE}, empty when it is missing
     * @param change the caller's change; whatever it throws propagates unchanged, nothing written
     * @param write writes (current, changed) and returns the row as stored
     * @param missing the message of the NoSuchElementException for a missing row
     */
    public <T> T apply(
            Supplier<Optional<T>> lockAndRead,
            UnaryOperator<T> change,
            BinaryOperator<T> write,
            Supplier<String> missing) {
        Outcome<T> outcome =
                transaction.execute(
                        status -> {
                            T current = lockAndRead.get().orElse(null);
                            if (current == null) {
                                return refused(status, new NoSuchElementException(missing.get()));
                            }
                            T changed;
                            try {
                                changed = change.apply(current);
                            } catch (RuntimeException e) {
                                return refused(status, e);
                            }
                            return new Outcome<>(write.apply(current, changed), null);
                        });
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
        return outcome.value();
    }

    /**
     * Nothing was written yet, so a transaction of the caller's stays usable: throwing out of the
     * template would mark it rollback-only and fail the caller's commit far from the cause. Our own
     * transaction is rolled back (it only holds the lock).
     */
    private static <T> Outcome<T> refused(TransactionStatus status, RuntimeException failure) {
        if (status.isNewTransaction()) {
            status.setRollbackOnly();
        }
        return new Outcome<>(null, failure);
    }

    private record Outcome<T>(T value, RuntimeException failure) {}
}
