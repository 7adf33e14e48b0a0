package dev.sluice.server.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * A place in storage as its canonical URI, such as {@code file:///data/jars/job.jar}; the value
 * every {@link Storage} takes, so callers never hold a scheme's own path type.
 *
 * @param uri the canonical, percent-encoded URI, without a trailing '/' except for a root
 */
public record StorageLocation(String uri) {

    public StorageLocation {
        Objects.requireNonNull(uri, "uri");
    }

    /** The URI's scheme in lower case, which picks the {@link Storage} that serves it. */
    public String scheme() {
        int colon = uri.indexOf(':');
        return colon < 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    /** The decoded path part of the URI, e.g. {@code /data/my jars}. */
    public String path() {
        return parsed().getPath();
    }

    /** The entry {@code name} (one or more '/'-separated segments) inside this directory. */
    public StorageLocation child(String name) {
        String path = path();
        return withPath(path.endsWith("/") ? path + name : path + "/" + name);
    }

    /** The last path segment, decoded; empty for a root. */
    public String name() {
        String path = path();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The directory this location is in, or null for a root. */
    public StorageLocation parent() {
        String path = path();
        int slash = path.lastIndexOf('/');
        if (slash < 0 || path.equals("/")) {
            return null;
        }
        return withPath(slash == 0 ? "/" : path.substring(0, slash));
    }

    /** True when {@code other} is this location or lies below it. */
    public boolean contains(StorageLocation other) {
        String prefix = uri.endsWith("/") ? uri : uri + "/";
        return other.uri.equals(uri) || other.uri.startsWith(prefix);
    }

    @Override
    public String toString() {
        return uri;
    }

    private URI parsed() {
        return URI.create(uri);
    }

    private StorageLocation withPath(String path) {
        URI parsed = parsed();
        String authority = parsed.getRawAuthority();
        try {
            // Built by hand, as the canonical form keeps the empty authority of file:///.
            String encoded = new URI(null, null, path, null).toASCIIString();
            return new StorageLocation(
                    parsed.getScheme() + "://" + (authority == null ? "" : authority) + encoded);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot express " + path + " as a URI", e);
        }
    }
}
