package dev.sluice.server.store;

import static dev.sluice.server.store.Columns.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code leases} table: one server at a time holds a piece of work; taking it over (once it
 * expired or was released) bumps the fence, and {@link #fenced} makes a write of that work check in
 * its own transaction that the fence is still the holder's. The check locks the lease row, so a
 * takeover waits for a write in flight and every write after it is refused: a stalled server past
 * its lease can no longer record anything, whatever the clocks say.
 */
@Repository
public class Leases {

    private static final String COLUMNS = "work_key, owner, fence";

    private final JdbcClient jdbc;
    private final TransactionTemplate requiresNew;
    private final TransactionTemplate required;
    private final Duration duration;
    private final String owner;
    private final Clock clock;

    @Autowired
    Leases(
            JdbcClient jdbc,
            PlatformTransactionManager transactionManager,
            LeaseProperties properties,
            ServerId server) {
        this(jdbc, transactionManager, properties.duration(), server.value(), Clock.systemUTC());
    }

    /** Leases held as {@code owner}, lasting {@code duration} from each claim or renewal. */
    public Leases(
            JdbcClient jdbc,
            PlatformTransactionManager transactionManager,
            Duration duration,
            String owner,
            Clock clock) {
        this.jdbc = jdbc;
        this.requiresNew = new TransactionTemplate(transactionManager);
        this.requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.required = new TransactionTemplate(transactionManager);
        this.duration = duration;
        this.owner = owner;
        this.clock = clock;
    }

    /** The server id these leases are held as. */
    public String owner() {
        return owner;
    }

    /**
     * Claims the work when nobody holds it, its holder's lease expired, or this server held it
     * before (a restart under the same id): each claim gets a fence above every earlier one.
     *
     * @return the lease, empty while another server holds it
     */
    public Optional<Lease> claim(String key) {
        Instant now = Columns.stored(clock.instant());
        Optional<Lease> taken =
                requiresNew.execute(
                        status -> {
                            int rows =
                                    jdbc.sql(
                                                    "UPDATE leases SET owner = :owner,"
                                                            + " fence = fence + 1,"
                                                            + " expires_at = :expires"
                                                            + " WHERE work_key = :key AND (owner"
                                                            + " IS NULL OR owner = :owner OR"
                                                            + " expires_at < :now)")
                                            .param("owner", owner)
                                            .param("expires", timestamp(now.plus(duration)))
                                            .param("key", key)
                                            .param("now", timestamp(now))
                                            .update();
                            return rows == 1 ? read(key) : Optional.<Lease>empty();
                        });
        if (taken.isPresent() || read(key).isPresent()) {
            return taken; // claimed, or held by another server
        }
        try {
            // A key never claimed before; of two servers inserting it at once, one wins.
            requiresNew.executeWithoutResult(
                    status ->
                            jdbc.sql(
                                            "INSERT INTO leases (work_key, owner, fence,"
                                                    + " expires_at) VALUES (:key, :owner, 1,"
                                                    + " :expires)")
                                    .param("key", key)
                                    .param("owner", owner)
                                    .param("expires", timestamp(now.plus(duration)))
                                    .update());
            return Optional.of(new Lease(key, owner, 1));
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
    }

    /**
     * Extends the lease from now.
     *
     * @return false when it was lost (taken over, or ended): the work must stop
     */
    public boolean renew(Lease lease) {
        Instant now = Columns.stored(clock.instant());
        return requiresNew.execute(
                status ->
                        jdbc.sql(
                                                "UPDATE leases SET expires_at = :expires WHERE"
                                                        + " work_key = :key AND owner = :owner AND"
                                                        + " fence = :fence")
                                        .param("expires", timestamp(now.plus(duration)))
                                        .param("key", lease.key())
                                        .param("owner", lease.owner())
                                        .param("fence", lease.fence())
                                        .update()
                                == 1);
    }

    /** Hands the work back at once (a stopping server): any server may claim it now. */
    public void release(Lease lease) {
        requiresNew.executeWithoutResult(
                status ->
                        jdbc.sql(
                                        "UPDATE leases SET owner = NULL, expires_at = :now WHERE"
                                                + " work_key = :key AND owner = :owner AND fence"
                                                + " = :fence")
                                .param("now", timestamp(clock.instant()))
                                .param("key", lease.key())
                                .param("owner", lease.owner())
                                .param("fence", lease.fence())
                                .update());
    }

    /**
     * Runs {@code write} in a transaction (the caller's, or a new one) that first checks, under the
     * lease row's lock, that {@code lease} is still held with its fence.
     *
     * @throws StaleLeaseException when it is not; nothing of {@code write} ran
     */
    public <T> T fenced(Lease lease, Supplier<T> write) {
        return required.execute(
                status -> {
                    check(lease);
                    return write.get();
                });
    }

    /** {@link #fenced} for a write without result. */
    public void fenced(Lease lease, Runnable write) {
        fenced(
                lease,
                () -> {
                    write.run();
                    return null;
                });
    }

    private void check(Lease lease) {
        Optional<Long> fence =
                jdbc.sql(
                                "SELECT fence FROM leases WHERE work_key = :key AND owner = :owner"
                                        + " FOR UPDATE")
                        .param("key", lease.key())
                        .param("owner", lease.owner())
                        .query(Long.class)
                        .optional();
        if (fence.isEmpty() || fence.get() != lease.fence()) {
            throw new StaleLeaseException(lease);
        }
    }

    /** Who holds the work now (expired or not), empty when nobody does. */
    public Optional<Lease> holder(String key) {
        return read(key).filter(lease -> lease.owner() != null);
    }

    /** The keys under {@code prefix} that this server holds. */
    public List<Lease> held(String prefix) {
        return jdbc.sql(
                        "SELECT "
                                + COLUMNS
                                + " FROM leases WHERE owner = :owner AND work_key LIKE :prefix"
                                + " ESCAPE '!'")
                .param("owner", owner)
                .param("prefix", Columns.likePrefix(prefix))
                .query((rs, row) -> lease(rs))
                .list();
    }

    /** Marks this server live until one lease duration from now. */
    public void heartbeat() {
        Instant now = Columns.stored(clock.instant());
        requiresNew.executeWithoutResult(
                status -> {
                    int rows =
                            jdbc.sql("UPDATE servers SET expires_at = :expires WHERE id = :id")
                                    .param("expires", timestamp(now.plus(duration)))
                                    .param("id", owner)
                                    .update();
                    if (rows == 0) {
                        jdbc.sql("INSERT INTO servers (id, expires_at) VALUES (:id, :expires)")
                                .param("id", owner)
                                .param("expires", timestamp(now.plus(duration)))
                                .update();
                    }
                });
    }

    /** The ids of the servers live now, sorted: the same list on every server. */
    public List<String> liveServers() {
        return jdbc.sql("SELECT id FROM servers WHERE expires_at >= :now ORDER BY id")
                .param("now", timestamp(clock.instant()))
                .query(String.class)
                .list();
    }

    /** This server stops: it no longer counts as live. */
    public void leave() {
        jdbc.sql("DELETE FROM servers WHERE id = :id").param("id", owner).update();
    }

    private Optional<Lease> read(String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM leases WHERE work_key = :key")
                .param("key", key)
                .query((rs, row) -> lease(rs))
                .optional();
    }

    private static Lease lease(ResultSet rs) throws SQLException {
        return new Lease(rs.getString("work_key"), rs.getString("owner"), rs.getLong("fence"));
    }
}
