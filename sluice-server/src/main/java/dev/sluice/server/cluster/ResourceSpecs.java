package dev.sluice.server.cluster;

import static dev.sluice.server.store.Columns.instant;
import static dev.sluice.server.store.Columns.timestamp;

import dev.sluice.server.store.Columns;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What ARM clients sent for each pool and cluster ({@code resource_specs}): the {@code properties}
 * JSON as sent, secrets removed, so that GET returns every field, and who created and last changed
 * the resource when (ARM's {@code systemData}). Ids are ARM ids, lower case.
 */
@Repository
public class ResourceSpecs {

    /**
     * One resource's kept spec.
     *
     * @param properties the {@code properties} JSON as last sent (secrets removed)
     */
    public record Spec(
            String properties,
            String createdBy,
            Instant createdAt,
            String modifiedBy,
            Instant modifiedAt) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    public ResourceSpecs(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /**
     * Keeps {@code properties} as the resource's spec, modified by {@code principal} now; the
     * creator and creation time stay from the first save unless {@code created} says the resource
     * is new.
     */
    public Spec save(String resourceId, String properties, String principal, boolean created) {
        return transaction.execute(
                status -> {
                    Instant now = Columns.now();
                    Optional<Spec> existing = find(resourceId);
                    if (existing.isPresent() && !created) {
                        jdbc.sql(
                                        "UPDATE resource_specs SET properties = :properties,"
                                                + " modified_by = :by, modified_at = :at"
                                                + " WHERE resource_id = :id")
                                .param("properties", properties)
                                .param("by", principal)
                                .param("at", timestamp(now))
                                .param("id", resourceId)
                                .update();
                    } else {
                        delete(resourceId);
                        jdbc.sql(
                                        "INSERT INTO resource_specs (resource_id, properties,"
                                                + " created_by, created_at, modified_by,"
                                                + " modified_at) VALUES (:id, :properties, :by,"
                                                + " :at, :by, :at)")
                                .param("id", resourceId)
                                .param("properties", properties)
                                .param("by", principal)
                                .param("at", timestamp(now))
                                .update();
                    }
                    return find(resourceId).orElseThrow();
                });
    }

    /** The kept spec of a resource, if a client sent one. */
    public Optional<Spec> find(String resourceId) {
        return jdbc.sql(
                        "SELECT properties, created_by, created_at, modified_by, modified_at"
                                + " FROM resource_specs WHERE resource_id = :id")
                .param("id", resourceId)
                .query(
                        (rs, row) ->
                                new Spec(
                                        rs.getString("properties"),
                                        rs.getString("created_by"),
                                        instant(rs, "created_at"),
                                        rs.getString("modified_by"),
                                        instant(rs, "modified_at")))
                .optional();
    }

    /** Forgets a resource's spec (the resource is deleted). */
    public void delete(String resourceId) {
        jdbc.sql("DELETE FROM resource_specs WHERE resource_id = :id")
                .param("id", resourceId)
                .update();
    }
}
