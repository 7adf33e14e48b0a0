package dev.sluice.server.job;

/**
 * Where a job could restore from.
 *
 * @param savepoint the newest savepoint Sluice took or restored from
 * @param checkpoint the newest retained checkpoint the observer saw
 */
public record RestorePoints(String savepoint, String checkpoint) {

    /** A job with neither. */
    public static final RestorePoints NONE = new RestorePoints(null, null);

    public RestorePoints withSavepoint(String newSavepoint) {
        return new RestorePoints(newSavepoint, checkpoint);
    }

    public RestorePoints withCheckpoint(String newCheckpoint) {
        return new RestorePoints(savepoint, newCheckpoint);
    }
}
