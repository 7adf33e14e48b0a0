package dev.sluice.server.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/** What a storage URI or path says as text, read before anything looks at the file system. */
final class PathSyntax {

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Pattern ENCODED =
            Pattern.compile("%(2[eEfF]|5[cC]|25)", Pattern.CASE_INSENSITIVE);

    private PathSyntax() {}

    /** True when the value starts with {@code scheme:}; a relative path cannot, as ':' is rare. */
    static boolean hasScheme(String value) {
        return SCHEME.matcher(value).find();
    }

    /** True when some segment is '..', also after undoing (repeated) percent-encoding. */
    static boolean hasDotDot(String value) {
        String decoded = value;
        // Repeated so that '%252e' (an encoded '%2e') counts too; a real name never needs it.
        for (int i = 0; i < 5; i++) {
            String next = ENCODED.matcher(decoded).replaceAll(m -> decodedChar(m.group(1)));
            if (next.equals(decoded)) {
                break;
            }
            decoded = next;
        }
        for (String segment : decoded.split("[/\\\\]")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** The replacement (in Matcher syntax) for an encoded '.', '/', '\\' or '%'. */
    private static String decodedChar(String hex) {
        return switch (hex.toLowerCase(Locale.ROOT)) {
            case "2e" -> ".";
            case "2f" -> "/";
            case "5c" -> "\\\\";
            default -> "%";
        };
    }

    /**
     * A root from server configuration: a {@code file:} URI or an absolute path. A bad one is the
     * operator's mistake, not a client's, hence {@link IllegalArgumentException}.
     */
    static Path parseRoot(String root) {
        if (root == null || root.isBlank()) {
            throw new IllegalArgumentException("storage root is empty");
        }
        String value = root.strip();
        String bad = "storage root '" + root + "' ";
        Path path;
        try {
            if (value.regionMatches(true, 0, "file:", 0, 5)) {
                URI uri = new URI(value);
                String host = uri.getAuthority();
                if (uri.getPath() == null || host != null && !host.equalsIgnoreCase("localhost")) {
                    throw new IllegalArgumentException(bad + "is not a local file:/// URI");
                }
                path = Path.of(uri.getPath());
            } else if (hasScheme(value)) {
                throw new IllegalArgumentException(bad + "is not local; only file: is supported");
            } else {
                path = Path.of(value);
            }
        } catch (URISyntaxException | InvalidPathException e) {
            throw new IllegalArgumentException(bad + "is not a valid URI or path", e);
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(bad + "is not absolute");
        }
        return path.normalize();
    }
}
