package dev.sluice.server.storage;

import dev.sluice.server.common.ApiException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The storage directories clients may use, and the one way to map a client's URI into them. */
public final class StorageRoots {

    private final List<Path> roots;

    private StorageRoots(List<Path> roots) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("at least one storage root is needed");
        }
        this.roots = List.copyOf(new LinkedHashSet<>(roots));
    }

    /**
     * The storage of one cluster. A root is a {@code file:} URI or an absolute path; a bad root is
     * a server configuration error, so it fails with {@link IllegalArgumentException}.
     */
    public static StorageRoots forRoot(String root) {
        return of(List.of(root));
    }

    /** Several roots; the first is the one relative paths resolve against. */
    public static StorageRoots of(List<String> roots) {
        return new StorageRoots(roots.stream().map(PathSyntax::parseRoot).toList());
    }

    /** These roots plus one more (for example a server-wide shared directory). */
    public StorageRoots withRoot(String root) {
        return withRoots(List.of(root));
    }

    /** These roots plus more; the first root stays where relative paths go. */
    public StorageRoots withRoots(List<String> extra) {
        List<Path> all = new ArrayList<>(roots);
        extra.stream().map(PathSyntax::parseRoot).forEach(all::add);
        return new StorageRoots(all);
    }

    /** The roots as normalized absolute paths, the primary first. */
    public List<Path> roots() {
        return roots;
    }

    /** The root relative paths resolve against. */
    public Path primary() {
        return roots.get(0);
    }

    /**
     * Resolves what a client wrote in {@code field} to a local path inside one of the roots.
     *
     * <p>Accepted: {@code file:///abs/path}, {@code file:/abs/path}, {@code /abs/path}, and a
     * relative path such as {@code jars} or {@code savepoints/x}, which is taken relative to the
     * primary root. A {@code ..} segment is refused outright, even where it would stay inside,
     * because a path that needs one is never what a user meant to store at. Symbolic links are
     * followed only as far as they exist now; a later swap of a link is not guarded against.
     *
     * @return the normalized absolute path (symbolic links left as written)
     * @throws ApiException 400 {@code InvalidStoragePath}, {@code UnsupportedStorageScheme} or
     *     {@code PathOutsideStorage}, with {@code field} as target
     */
    public Path resolve(String uri, String field) {
        if (uri == null || uri.isBlank()) {
            String message = field + " is empty; give a file:/// URI or a path under " + describe();
            throw ApiException.badRequest("InvalidStoragePath", message, field);
        }
        String value = uri.strip();
        rejectDotDot(value, field, value);
        Path path;
        try {
            path = toPath(value, field);
        } catch (InvalidPathException e) {
            throw invalid(field, value, "is not a valid path: " + e.getReason() + hint());
        }
        // The decoded path of a URI can still hold '..', for example from '%2e%2e'.
        rejectDotDot(path.toString(), field, value);
        return confine(path, field, value);
    }

    /**
     * Checks that a path (for example a file inside a directory {@link #resolve} returned) is in
     * one of the roots, also after following the symbolic links that exist.
     *
     * @return the path, normalized and absolute
     * @throws ApiException 400 {@code PathOutsideStorage} with {@code field} as target
     */
    public Path confine(Path path, String field) {
        return confine(path, field, toUri(path));
    }

    private Path confine(Path path, String field, String asWritten) {
        Path normalized = path.toAbsolutePath().normalize();
        Path real;
        try {
            real = realize(normalized);
        } catch (IOException e) {
            // A dangling or looping link, or an unreadable directory: what it leads to is unknown.
            String problem = "cannot be checked against " + describe() + ": " + e;
            throw outside(field, asWritten, problem);
        }
        boolean lexicallyInside = false;
        for (Path root : roots) {
            if (normalized.startsWith(root)) {
                lexicallyInside = true;
                if (real.startsWith(realRoot(root))) {
                    return normalized;
                }
            }
        }
        if (lexicallyInside) {
            String problem = "leads out of " + describe() + " through a symbolic link";
            throw outside(field, asWritten, problem);
        }
        throw outside(field, asWritten, "is outside " + describe());
    }

    /** The canonical {@code file:///...} URI of a local path, percent-encoded where needed. */
    public static String toUri(Path path) {
        String absolute = path.toAbsolutePath().normalize().toString();
        try {
            // Built by hand: Path.toUri() appends '/' to existing directories only, which would
            // make the same directory print two ways.
            return "file://" + new URI(null, null, absolute, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot express " + absolute + " as a URI", e);
        }
    }

    @Override
    public String toString() {
        return roots.stream()
                .map(StorageRoots::toUri)
                .collect(Collectors.joining(", ", "StorageRoots[", "]"));
    }

    private Path toPath(String value, String field) {
        if (value.startsWith("/")) {
            return Path.of(value);
        }
        if (!PathSyntax.hasScheme(value)) {
            return primary().resolve(value);
        }
        String scheme = value.substring(0, value.indexOf(':')).toLowerCase(Locale.ROOT);
        if (!scheme.equals("file")) {
            String problem =
                    "uses the '"
                            + scheme
                            + "' scheme, which Sluice does not support yet;"
                            + " supported are file:/// URIs and absolute or relative paths under "
                            + describe();
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
                            + describe();
            throw invalid(field, value, problem);
        }
        if (parsed.isOpaque() || parsed.getPath() == null || !parsed.getPath().startsWith("/")) {
            throw invalid(field, value, "is not an absolute file URI" + hint());
        }
        String host = parsed.getRawAuthority();
        if (host != null && !host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
            // file://data/x means host 'data': almost always one slash too few.
            String problem =
                    "names host '" + host + "', but only local files are supported" + hint();
            throw invalid(field, value, problem);
        }
        if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            String problem =
                    "has a query or fragment ('?' or '#'), which a storage URI cannot have"
                            + hint();
            throw invalid(field, value, problem);
        }
        return Path.of(parsed.getPath());
    }

    private void rejectDotDot(String checked, String field, String value) {
        if (PathSyntax.hasDotDot(checked)) {
            throw outside(field, value, "contains a '..' segment; it must stay in " + describe());
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

    private String describe() {
        List<String> uris = roots.stream().map(StorageRoots::toUri).toList();
        return uris.size() == 1
                ? "the storage root " + uris.get(0)
                : "the storage roots " + String.join(", ", uris);
    }

    private String hint() {
        return "; write file:///absolute/path or a relative path under " + describe();
    }

    /** The form of every refusal, so the user sees exactly which value was wrong. */
    private static String quote(String field, String value, String problem) {
        return field + " '" + value + "' " + problem;
    }

    private static ApiException invalid(String field, String value, String problem) {
        return ApiException.badRequest("InvalidStoragePath", quote(field, value, problem), field);
    }

    private static ApiException outside(String field, String value, String problem) {
        return ApiException.badRequest("PathOutsideStorage", quote(field, value, problem), field);
    }
}
