package dev.sluice.server.security;

import dev.sluice.server.common.ApiException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a role assignment applies: {@code /}, or an ARM path down to a subscription, resource
 * group, cluster pool or cluster. ARM ids are case-insensitive, so scopes compare by their lower
 * case {@link #key()}, and only on whole path segments: {@code .../clusters/a} does not cover
 * {@code .../clusters/ab}.
 *
 * @param value the scope as the client wrote it, without a trailing slash
 */
record Scope(String value) {

    static final Scope ROOT = new Scope("/");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._()-]{0,89}");

    // The fixed segments between the names, as ARM writes them; a scope ends after any name.
    private static final List<List<String>> LEVELS =
            List.of(
                    List.of("subscriptions"),
                    List.of("resourceGroups"),
                    List.of("providers", "Microsoft.HDInsight", "clusterpools"),
                    List.of("clusters"));

    /**
     * Parses a scope as a client sends it in a role assignment.
     *
     * @throws ApiException 400 {@code InvalidScope} when it is not one of the five forms
     */
    static Scope parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(text);
        }
        String trimmed = text.strip();
        if (trimmed.equals("/")) {
            return ROOT;
        }
        if (!trimmed.startsWith("/")) {
            throw invalid(text);
        }
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        String[] segments = trimmed.substring(1).split("/", -1);
        int at = 0;
        for (List<String> level : LEVELS) {
            if (at == segments.length) {
                break;
            }
            for (String word : level) {
                if (at >= segments.length || !segments[at].equalsIgnoreCase(word)) {
                    throw invalid(text);
                }
                at++;
            }
            if (at >= segments.length || !NAME.matcher(segments[at]).matches()) {
                throw invalid(text);
            }
            at++;
        }
        if (at != segments.length) {
            throw invalid(text);
        }
        return new Scope(trimmed);
    }

    /** The lower-case form checks compare with. */
    String key() {
        return key(value);
    }

    /** Whether this scope covers the resource at {@code path} (an ARM path, any letter case). */
    boolean covers(String path) {
        return coversKey(key(path));
    }

    /** Whether this scope covers every resource that {@code other} covers. */
    boolean covers(Scope other) {
        return coversKey(other.key());
    }

    private boolean coversKey(String pathKey) {
        String key = key();
        return key.equals("/") || pathKey.equals(key) || pathKey.startsWith(key + "/");
    }

    static String key(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.length() > 1 && lower.endsWith("/")
                ? lower.substring(0, lower.length() - 1)
                : lower;
    }

    private static ApiException invalid(String text) {
        return ApiException.badRequest(
                "InvalidScope",
                "Scope '"
                        + text
                        + "' is not '/', '/subscriptions/{sub}', '.../resourceGroups/{rg}',"
                        + " '.../providers/Microsoft.HDInsight/clusterpools/{pool}' or"
                        + " '.../clusters/{cluster}'",
                "properties.scope");
    }
}
