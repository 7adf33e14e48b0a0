package dev.sluice.server.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Azure storage URI taken apart: {@code abfs[s]://<container>@<account>.dfs.<suffix>/<path>} or
 * {@code wasb[s]://<container>@<account>.blob.<suffix>/<path>}. Both name the same blobs: Sluice
 * reaches either through the Blob endpoint, so two URIs of the same account, container and path are
 * the same place whatever their scheme.
 *
 * @param scheme abfs, abfss, wasb or wasbs
 * @param container the container (ADLS Gen2: file system)
 * @param account the storage account
 * @param suffix the endpoint suffix after {@code dfs.}/{@code blob.}, e.g. {@code core.windows.net}
 * @param path the decoded path, "/" for the container's root, no trailing '/' otherwise
 */
record AzureLocation(String scheme, String container, String account, String suffix, String path) {

    static final Set<String> SCHEMES = Set.of("abfs", "abfss", "wasb", "wasbs");

    // Azure's naming rules: accounts 3-24 lower-case letters and digits; containers 3-63 of
    // lower-case letters, digits and single hyphens, starting and ending with a letter or digit.
    private static final Pattern AUTHORITY =
            Pattern.compile(
                    "([a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62})@([a-z0-9]{3,24})\\.(dfs|blob)\\."
                            + "([a-z0-9-]+(?:\\.[a-z0-9-]+)+)");

    /**
     * Parses a URI of one of {@link #SCHEMES}.
     *
     * @throws IllegalArgumentException with what is wrong, in words a user can act on
     */
    static AzureLocation parse(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "is not a valid URI ("
                            + e.getReason()
                            + " at index "
                            + e.getIndex()
                            + "); encode spaces and the like as %XX");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("is not an abfs, abfss, wasb or wasbs URI");
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException(
                    "has no <container>@<account> part; write "
                            + scheme
                            + "://<container>@<account>."
                            + (scheme.startsWith("abfs") ? "dfs" : "blob")
                            + ".core.windows.net/<path>");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "has a query or fragment ('?' or '#'), which a storage URI cannot have;"
                            + " give a SAS as a server setting, never in the URI");
        }
        String authority = uri.getRawAuthority().toLowerCase(Locale.ROOT);
        Matcher m = AUTHORITY.matcher(authority);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "names '"
                            + uri.getRawAuthority()
                            + "', which is not <container>@<account>.dfs.<suffix> or"
                            + " <container>@<account>.blob.<suffix> with a valid container"
                            + " (3-63 of a-z, 0-9, '-') and account (3-24 of a-z, 0-9)");
        }
        String endpoint = m.group(3);
        if (scheme.startsWith("abfs") != endpoint.equals("dfs")) {
            throw new IllegalArgumentException(
                    "pairs the "
                            + scheme
                            + " scheme with the "
                            + endpoint
                            + " endpoint; abfs[s] uses <account>.dfs.<suffix>, wasb[s] uses"
                            + " <account>.blob.<suffix>");
        }
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        // One form per place: no doubled or trailing slashes.
        path = path.replaceAll("/{2,}", "/");
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new AzureLocation(scheme, m.group(1), m.group(2), m.group(4), path);
    }

    /** The canonical, percent-encoded URI. */
    String uri() {
        try {
            return scheme
                    + "://"
                    + container
                    + "@"
                    + account
                    + (scheme.startsWith("abfs") ? ".dfs." : ".blob.")
                    + suffix
                    + new URI(null, null, path, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot express " + path + " as a URI", e);
        }
    }

    StorageLocation location() {
        return new StorageLocation(uri());
    }

    /** The blob name (no leading '/'); empty for the container's root. */
    String blobName() {
        return path.substring(1);
    }

    /** The prefix of the blobs below this location as a directory. */
    String directoryPrefix() {
        return path.equals("/") ? "" : blobName() + "/";
    }

    /** The same place under another path of this account and container. */
    AzureLocation withPath(String newPath) {
        return new AzureLocation(scheme, container, account, suffix, newPath);
    }

    /**
     * True when {@code other} is this location or below it: same account, container and endpoint
     * suffix, path under this one. The scheme does not matter, as both reach the same blobs.
     */
    boolean contains(AzureLocation other) {
        if (!account.equals(other.account)
                || !container.equals(other.container)
                || !suffix.equals(other.suffix)) {
            return false;
        }
        return path.equals("/") || other.path.equals(path) || other.path.startsWith(path + "/");
    }
}
