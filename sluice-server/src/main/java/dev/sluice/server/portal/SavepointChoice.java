package dev.sluice.server.portal;

import dev.sluice.server.savepoint.SavepointEntry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * One savepoint a job can start from, as the Start and Update pickers and the job's page list it;
 * the job's last savepoint is the one preselected, as the seed's Start template says.
 *
 * @param value what the form sends as savePointName: the directory's name, or the full URI of a
 *     last savepoint that lies outside the job's savepoint directory
 * @param last true for the job's last savepoint
 * @param selected true for the one a picker preselects: the last savepoint, or the user's pick
 */
record SavepointChoice(
        String value,
        String name,
        String uri,
        String time,
        String size,
        boolean usable,
        boolean last,
        boolean selected) {

    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** The savepoints newest first as listed, the last one marked; kept there if not listed. */
    static List<SavepointChoice> of(List<SavepointEntry> entries, String lastSavepoint) {
        String lastName = JobRow.lastSegment(lastSavepoint);
        List<SavepointChoice> choices = new ArrayList<>();
        boolean found = false;
        for (SavepointEntry entry : entries) {
            boolean last = entry.name().equals(lastName);
            found |= last;
            choices.add(
                    new SavepointChoice(
                            entry.name(),
                            entry.name(),
                            entry.uri(),
                            time(entry.time()),
                            size(entry.sizeBytes()),
                            entry.usable(),
                            last,
                            last));
        }
        if (!found && lastSavepoint != null && !lastSavepoint.isBlank()) {
            // Restored from elsewhere, or its directory was moved: still the default to offer.
            choices.add(
                    0,
                    new SavepointChoice(
                            lastSavepoint, lastName, lastSavepoint, "", "", true, true, true));
        }
        return choices;
    }

    SavepointChoice withSelected(boolean pick) {
        return new SavepointChoice(value, name, uri, time, size, usable, last, pick);
    }

    /** The option's text in a picker. */
    public String label() {
        String detail = time.isEmpty() ? "" : " — " + time + ", " + size;
        String flags =
                (last ? " (last savepoint)" : "") + (usable ? "" : " (unusable: no _metadata)");
        return name + detail + flags;
    }

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double kb = bytes / 1024.0;
        if (kb < 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f KB", kb);
        }
        return String.format(java.util.Locale.ROOT, "%.1f MB", kb / 1024.0);
    }
}
