package dev.sluice.server.deploy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Flink configuration as it may be shown: values of keys Flink itself treats as secrets (its
 * GlobalConfiguration's sensitive words, the Azure account key among them) replaced by {@code
 * ******}, for the toString of specs that carry a storage key.
 */
public final class SensitiveKeys {

    private static final List<String> WORDS =
            List.of(
                    "password",
                    "secret",
                    "fs.azure.account.key",
                    "apikey",
                    "api-key",
                    "auth-params",
                    "service-key",
                    "token",
                    "basic-auth",
                    "jaas.config",
                    "http-headers");

    private SensitiveKeys() {}

    /** Whether Flink hides the value of {@code key} in its logs. */
    public static boolean sensitive(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return WORDS.stream().anyMatch(lower::contains);
    }

    /** {@code configuration} with each sensitive value replaced; sorted, for stable output. */
    public static Map<String, String> masked(Map<String, String> configuration) {
        Map<String, String> shown = new TreeMap<>();
        configuration.forEach((key, value) -> shown.put(key, sensitive(key) ? "******" : value));
        return shown;
    }
}
