package dev.sluice.server.storage;

import static dev.sluice.server.storage.Refusals.describe;
import static dev.sluice.server.storage.Refusals.invalid;
import static dev.sluice.server.storage.Refusals.outside;
import static dev.sluice.server.storage.Refusals.quote;

import dev.sluice.server.common.ApiException;
import java.util.List;
import java.util.Locale;

/**
 * Turns a user's Azure URI or relative path into a location confined to storage roots: same account
 * and container, path under a root, no '..' (also percent-encoded); the same error codes as {@link
 * LocalConfinement}.
 */
final class AzureConfinement {

    private AzureConfinement() {}

    static StorageLocation resolve(List<StorageLocation> roots, String value, String field) {
        if (value == null || value.isBlank()) {
            throw invalid(
                    field,
                    String.valueOf(value),
                    "is empty; give an abfs[s]:// or wasb[s]:// URI or a relative path under "
                            + describe(roots));
        }
        String stripped = value.strip();
        if (PathSyntax.hasDotDot(stripped)) {
            throw outside(
                    field, stripped, "contains a '..' segment; it must stay in " + describe(roots));
        }
        AzureLocation location;
        if (stripped.startsWith("/")) {
            throw invalid(
                    field,
                    stripped,
                    "is a local path, but this cluster's storage is "
                            + describe(roots)
                            + "; give a URI or a path relative to it");
        } else if (!PathSyntax.hasScheme(stripped)) {
            AzureLocation root = AzureLocation.parse(roots.get(0).uri());
            String base = root.path().equals("/") ? "" : root.path();
            try {
                location = AzureLocation.parse(root.withPath(base + "/" + stripped).uri());
            } catch (IllegalArgumentException e) {
                throw invalid(field, stripped, e.getMessage() + hint(roots));
            }
        } else {
            String scheme = stripped.substring(0, stripped.indexOf(':')).toLowerCase(Locale.ROOT);
            if (!AzureLocation.SCHEMES.contains(scheme)) {
                throw new ApiException(
                        400,
                        "UnsupportedStorageScheme",
                        quote(
                                field,
                                stripped,
                                "uses the '"
                                        + scheme
                                        + "' scheme, but this cluster's storage is "
                                        + describe(roots)),
                        field);
            }
            try {
                location = AzureLocation.parse(stripped);
            } catch (IllegalArgumentException e) {
                throw invalid(field, stripped, e.getMessage() + hint(roots));
            }
        }
        // The decoded path can still hold '..', for example from '%2e%2e'.
        if (PathSyntax.hasDotDot(location.path())) {
            throw outside(
                    field, stripped, "contains a '..' segment; it must stay in " + describe(roots));
        }
        return confine(roots, location, field, stripped);
    }

    static StorageLocation confine(
            List<StorageLocation> roots, StorageLocation location, String field) {
        AzureLocation parsed;
        try {
            parsed = AzureLocation.parse(location.uri());
        } catch (IllegalArgumentException e) {
            throw outside(field, location.uri(), "is outside " + describe(roots));
        }
        if (PathSyntax.hasDotDot(parsed.path())) {
            throw outside(field, location.uri(), "contains a '..' segment");
        }
        return confine(roots, parsed, field, location.uri());
    }

    private static StorageLocation confine(
            List<StorageLocation> roots, AzureLocation location, String field, String asWritten) {
        for (StorageLocation root : roots) {
            if (AzureLocation.parse(root.uri()).contains(location)) {
                return location.location();
            }
        }
        throw outside(field, asWritten, "is outside " + describe(roots));
    }

    private static String hint(List<StorageLocation> roots) {
        return "; write a URI or a relative path under " + describe(roots);
    }
}
