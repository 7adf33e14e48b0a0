package dev.sluice.server.storage;

import static dev.sluice.server.storage.Refusals.describe;
import static dev.sluice.server.storage.Refusals.invalid;
import static dev.sluice.server.storage.Refusals.outside;
import static dev.sluice.server.storage.Refusals.quote;

import dev.sluice.server.common.ApiException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Turns a user's local path or {@code file:} URI into a location confined to storage roots. */
final class LocalConfinement {

    private LocalConfinement() {}

    /**
     * The location {@code value} names, refused when its syntax is wrong, it holds '..', or it lies
     * (also through a symbolic link) outside every root.
     */
    static StorageLocation resolve(List<StorageLocation> roots, String value, String field) {
        if (value == null || value.isBlank()) {
            String message =
                    field + " is empty; give a file:/// URI or a path under " + describe(roots);
            throw ApiException.badRequest("InvalidStoragePath", message, field);
        }
        String stripped = value.strip();
        rejectDotDot(roots, stripped, field, stripped);
        Path path;
        try {
            path = toPath(roots, stripped, field);
        } catch (InvalidPathException e) {
            throw invalid(field, stripped, "is not a valid path: " + e.getReason() + hint(roots));
        }
        // The decoded path of a URI can still hold '..', for example from '%2e%2e'.
        rejectDotDot(roots, path.toString(), field, stripped);
        return confine(roots, path, field, stripped);
    }

    /**
     * The location of {@code path} when it lies in a root both by name and after following its
     * links; {@code asWritten} is what refusals quote.
     */
    static StorageLocation confine(
            List<StorageLocation> roots, Path path, String field, String asWritten) {
        Path normalized = path.toAbsolutePath().normalize();
        Path real;
        try {
            real = realize(normalized);
        } catch (IOException e) {
            // A dangling or looping link, or an unreadable directory: what it leads to is unknown.
            String problem = "cannot be checked against " + describe(roots) + ": " + e;
            throw outside(field, asWritten, problem);
        }
        boolean lexicallyInside = false;
        for (StorageLocation rootLocation : roots) {
            Path root = LocalStorage.path(rootLocation);
            if (normalized.startsWith(root)) {
                lexicallyInside = true;
                if (real.startsWith(realRoot(root))) {
                    return LocalStorage.location(normalized);
                }
            }
        }
        if (lexicallyInside) {
            String problem = "leads out of " + describe(roots) + " through a symbolic link";
            throw outside(field, asWritten, problem);
        }
        throw outside(field, asWritten, "is outside " + describe(roots));
    }

    private static Path toPath(List<StorageLocation> roots, String value, String field) {
        if (value.startsWith("/")) {
            return Path.of(value);
        }
        if (!PathSyntax.hasScheme(value)) {
            return LocalStorage.path(roots.get(0)).resolve(value);
        }
        String scheme = value.substring(0, value.indexOf(':')).toLowerCase(Locale.ROOT);
        if (!scheme.equals("file")) {
            String problem =
                    "uses the '"
                            + scheme
                            + "' scheme, which Sluice does not support yet;"
                            + " supported are file:/// URIs and absolute or relative paths under "
                            + describe(roots);
            throw new ApiException(
                    400, "UnsupportedStorageScheme", quote(field, value, problem), field);
        }
        URI parsed;
        try {
            parsed = new URI(value);
        } catch (URISyntaxException e) {
            String problem =
                    "is not a valid URI ("
                            + e.getReason()
                            + " at index "
                            + e.getIndex()
                            + "); encode spaces and the like as %XX, or give a plain path under "
                            + describe(roots);
            throw invalid(field, value, problem);
        }
        if (parsed.isOpaque() || parsed.getPath() == null || !parsed.getPath().startsWith("/")) {
            throw invalid(field, value, "is not an absolute file URI" + hint(roots));
        }
        String host = parsed.getRawAuthority();
        if (host != null && !host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
            // file://data/x means host 'data': almost always one slash too few.
            String problem =
                    "names host '" + host + "', but only local files are supported" + hint(roots);
            throw invalid(field, value, problem);
        }
        if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            String problem =
                    "has a query or fragment ('?' or '#'), which a storage URI cannot have"
                            + hint(roots);
            throw invalid(field, value, problem);
        }
        return Path.of(parsed.getPath());
    }

    private static void rejectDotDot(
            List<StorageLocation> roots, String checked, String field, String value) {
        if (PathSyntax.hasDotDot(checked)) {
            throw outside(
                    field, value, "contains a '..' segment; it must stay in " + describe(roots));
        }
    }

    /**
     * The path with every existing part replaced by its real path. Parts that do not exist yet
     * cannot be links, and the caller has ruled out '..', so they only append names.
     */
    private static Path realize(Path path) throws IOException {
        Path existing = path;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        return existing.toRealPath().resolve(existing.relativize(path));
    }

    private static Path realRoot(Path root) {
        try {
            return realize(root);
        } catch (IOException e) {
            // The root itself is unreadable: judge by its name, and let the file access fail.
            return root;
        }
    }

    private static String hint(List<StorageLocation> roots) {
        return "; write file:///absolute/path or a relative path under " + describe(roots);
    }
}
