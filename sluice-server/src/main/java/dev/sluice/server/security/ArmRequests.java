package dev.sluice.server.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.util.UriUtils;

/**
 * What an HTTP call is, for authorization and audit: the role an ARM call needs and over which
 * path, and a stable name of the operation. Paths are compared as Spring MVC routes them: segment
 * by segment, percent-decoded, in any letter case.
 */
final class ArmRequests {

    /** What guards a path. */
    enum Kind {
        /** Answers without a token: health, the token endpoint, JWKS and discovery. */
        OPEN,
        /** An ARM resource path under {@code /subscriptions/}: a role over the path. */
        RESOURCE,
        /** Anything else: a valid token, then the handler decides. */
        AUTHENTICATED,
        /**
         * A browser path in a letter case the browser chain did not match (its matchers are
         * case-sensitive, Spring MVC's routes are not): refused, so that no portal handler is ever
         * reached without the portal's session, CSRF and sign-in.
         */
        MISCASED_BROWSER
    }

    /** An ARM call needs {@code role} over the resource at {@code path}. */
    record Requirement(Role role, String path) {

        /** For error messages: "Contributor (or higher) over '/subscriptions/...'". */
        String describe() {
            return role + (role == Role.Owner ? "" : " (or higher)") + " over '" + path + "'";
        }
    }

    static final String SECURITY_PROVIDER = "/providers/Sluice.Security";

    private static final List<String> OPEN_PATHS =
            List.of(
                    "/actuator/health",
                    TokenEndpoint.TOKEN,
                    TokenEndpoint.JWKS,
                    TokenEndpoint.DISCOVERY,
                    "/error");

    // Collection segment (lower case) -> how the operation name writes it and its item.
    private static final Map<String, String> COLLECTIONS =
            Map.ofEntries(
                    Map.entry("subscriptions", "subscriptions/{subscriptionId}"),
                    Map.entry("resourcegroups", "resourceGroups/{resourceGroupName}"),
                    Map.entry("clusterpools", "clusterpools/{clusterPoolName}"),
                    Map.entry("clusters", "clusters/{clusterName}"),
                    Map.entry("jobs", "jobs/{jobName}"),
                    Map.entry("jars", "jars/{fileName}"),
                    Map.entry("locations", "locations/{location}"),
                    Map.entry("operationstatuses", "operationStatuses/{operationId}"),
                    Map.entry("operationresults", "operationResults/{operationId}"),
                    Map.entry("principals", "principals/{clientId}"),
                    Map.entry("roleassignments", "roleAssignments/{roleAssignmentName}"));

    // The fixed segments of a cluster's path: subscriptions/{}/resourceGroups/{}/providers/
    // Microsoft.HDInsight/clusterpools/{}/clusters/{}, lower case; null marks a name.
    private static final List<String> CLUSTER_PATH =
            Arrays.asList(
                    "subscriptions",
                    null,
                    "resourcegroups",
                    null,
                    "providers",
                    "microsoft.hdinsight",
                    "clusterpools",
                    null,
                    "clusters",
                    null);

    private ArmRequests() {}

    /** The decoded segments of a request path (no context path), without the leading slash. */
    static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (path.isEmpty()) {
            return segments;
        }
        for (String segment : path.split("/", -1)) {
            segments.add(UriUtils.decode(segment, StandardCharsets.UTF_8));
        }
        return segments;
    }

    /** The path the segments make, decoded, starting with a slash. */
    static String path(List<String> segments) {
        return "/" + String.join("/", segments);
    }

    static Kind kind(String rawPath, List<String> segments) {
        if (OPEN_PATHS.contains(rawPath) || rawPath.startsWith("/actuator/health/")) {
            return Kind.OPEN;
        }
        if (!segments.isEmpty() && segments.get(0).equalsIgnoreCase("subscriptions")) {
            return Kind.RESOURCE;
        }
        if (!segments.isEmpty()
                && List.of("portal", "login", "logout")
                        .contains(segments.get(0).toLowerCase(Locale.ROOT))) {
            return Kind.MISCASED_BROWSER;
        }
        return Kind.AUTHENTICATED;
    }

    /**
     * The role an ARM call needs: Reader to read anything; Contributor to run job actions, import a
     * job's savepoint and upload jars into a cluster; Owner for every other change.
     */
    static Requirement requirement(String method, List<String> segments) {
        String path = path(segments);
        if (method.equals("GET") || method.equals("HEAD")) {
            return new Requirement(Role.Reader, path);
        }
        if (isRunJob(method, segments)
                || (method.equals("PUT") && underCluster(segments, 2, "jars"))
                || isSavepointImport(method, segments)) {
            return new Requirement(Role.Contributor, path);
        }
        return new Requirement(Role.Owner, path);
    }

    /** Whether this is {@code POST .../clusters/{cluster}/jobs/{job}/savepoints/import}. */
    static boolean isSavepointImport(String method, List<String> segments) {
        return method.equals("POST")
                && underCluster(segments, 4, "jobs")
                && lower(segments, segments.size() - 2).equals("savepoints")
                && lower(segments, segments.size() - 1).equals("import");
    }

    /** Whether this is {@code POST .../clusters/{cluster}/runJob}. */
    static boolean isRunJob(String method, List<String> segments) {
        return method.equals("POST") && underCluster(segments, 1, "runjob");
    }

    /**
     * The operation id of {@code GET /subscriptions/{sub}/providers/Microsoft.HDInsight/locations/
     * {location}/operationStatuses|operationResults/{id}}: the operation's resource, not this path,
     * decides who may poll it.
     */
    static Optional<String> locationOperation(List<String> segments) {
        if (segments.size() == 8
                && lower(segments, 0).equals("subscriptions")
                && lower(segments, 2).equals("providers")
                && lower(segments, 3).equals("microsoft.hdinsight")
                && lower(segments, 4).equals("locations")
                && (lower(segments, 6).equals("operationstatuses")
                        || lower(segments, 6).equals("operationresults"))) {
            return Optional.of(segments.get(7));
        }
        return Optional.empty();
    }

    /**
     * The operation's name for the audit log: the method and the path with its names replaced by
     * placeholders, e.g. {@code DELETE /subscriptions/{subscriptionId}/.../clusters/{clusterName}}.
     */
    static String operation(String method, List<String> segments) {
        StringBuilder name = new StringBuilder(method).append(' ');
        if (segments.isEmpty()) {
            return name.append('/').toString();
        }
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            String collection = COLLECTIONS.get(segment.toLowerCase(Locale.ROOT));
            name.append('/');
            if (collection != null && i + 1 < segments.size()) {
                name.append(collection);
                i++;
            } else if (segment.equalsIgnoreCase("providers") && i + 1 < segments.size()) {
                name.append("providers/").append(segments.get(++i));
            } else {
                name.append(segment);
            }
        }
        return name.toString();
    }

    /** Whether the path is a cluster's path plus {@code extra} segments, the first {@code word}. */
    private static boolean underCluster(List<String> segments, int extra, String word) {
        if (segments.size() != CLUSTER_PATH.size() + extra) {
            return false;
        }
        for (int i = 0; i < CLUSTER_PATH.size(); i++) {
            if (CLUSTER_PATH.get(i) != null && !lower(segments, i).equals(CLUSTER_PATH.get(i))) {
                return false;
            }
        }
        return lower(segments, CLUSTER_PATH.size()).equals(word);
    }

    private static String lower(List<String> segments, int index) {
        return segments.get(index).toLowerCase(Locale.ROOT);
    }
}
