package dev.sluice.server.deploy;

import java.util.List;

/**
 * The Flink versions a target can run, oldest first.
 *
 * @param versions full versions, for example {@code 1.20.3}
 * @param whenNone what to tell a user when there are none (how to get some), or null
 */
public record FlinkVersions(List<String> versions, String whenNone) {

    public FlinkVersions {
        versions = List.copyOf(versions);
    }

    /**
     * The full version a request names, by full version or by line ("1.20", "2"); the newest match
     * wins.
     *
     * @throws IllegalArgumentException naming the available versions when none matches
     */
    public String resolve(String requested) {
        return versions.stream()
                .filter(version -> matches(version, requested))
                .reduce((older, newer) -> newer)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "Flink version '"
                                                + requested
                                                + "' is not available; available: "
                                                + versions
                                                + (versions.isEmpty() && whenNone != null
                                                        ? " (" + whenNone + ")"
                                                        : "")));
    }

    /** True when {@code requested} names {@code version} by full version or by its line. */
    private static boolean matches(String version, String requested) {
        return version.equals(requested) || version.startsWith(requested + ".");
    }
}
