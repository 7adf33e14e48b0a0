package dev.sluice.server.common;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The names in an ARM path down to a cluster. ARM ids are case-insensitive: the persisted key is
 * lower case, the displayed id keeps the names as the client wrote them.
 */
public record ArmId(String subscription, String resourceGroup, String pool, String cluster) {

    public static final String PROVIDER = "Microsoft.HDInsight";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._()-]{0,89}");

    public ArmId {
        check(subscription, "subscriptionId");
        check(resourceGroup, "resourceGroupName");
        if (pool != null) {
            check(pool, "clusterPoolName");
        }
        if (cluster != null) {
            check(cluster, "clusterName");
        }
    }

    public static ArmId pool(String subscription, String resourceGroup, String pool) {
        return new ArmId(subscription, resourceGroup, pool, null);
    }

    public static ArmId cluster(
            String subscription, String resourceGroup, String pool, String cluster) {
        return new ArmId(subscription, resourceGroup, pool, cluster);
    }

    private static void check(String value, String what) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw ApiException.badRequest(
                    "InvalidResourceName",
                    what
                            + " '"
                            + value
                            + "' is not a valid resource name (letters, digits, . _ ( ) -)",
                    what);
        }
    }

    /** {@code /subscriptions/s/resourceGroups/g} as displayed. */
    public String resourceGroupPath() {
        return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup;
    }

    /** The pool's id as displayed. */
    public String poolPath() {
        return resourceGroupPath() + "/providers/" + PROVIDER + "/clusterpools/" + pool;
    }

    /** The cluster's id as displayed. */
    public String clusterPath() {
        return poolPath() + "/clusters/" + cluster;
    }

    /** The pool's persisted key. */
    public String poolKey() {
        return poolPath().toLowerCase(Locale.ROOT);
    }

    /** The cluster's persisted key. */
    public String clusterKey() {
        return clusterPath().toLowerCase(Locale.ROOT);
    }
}
