package dev.sluice.server.common;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys of an alert webhook, which a job's or a cluster's {@code flinkConfiguration} sets, and
 * the check of its URL.
 */
public final class WebhookKeys {

    /** The webhook: an http or https URL. */
    public static final String URL = "sluice.alerts.webhook.url";

    /** The shared secret of the HMAC-SHA256 signature; write-only. */
    public static final String SECRET = "sluice.alerts.webhook.secret";

    private WebhookKeys() {}

    /**
     * Refuses a webhook URL Sluice cannot post to: it must be an absolute http or https URL with a
     * host. No URL at all is fine.
     *
     * @param field where the URL was sent, for the error's target
     */
    public static void requireUrl(String url, String field) {
        if (url == null) {
            return;
        }
        String scheme = null;
        String host = null;
        try {
            URI uri = new URI(url);
            scheme = uri.getScheme();
            host = uri.getHost();
        } catch (URISyntaxException e) {
            // Refused below like any other URL Sluice cannot post to.
        }
        if (host == null
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw ApiException.badRequest(
                    "InvalidWebhookUrl",
                    URL + " must be an http or https URL with a host, not '" + url + "'",
                    field);
        }
    }

    /** The configuration as an answer may show it: without the secret. */
    public static Map<String, String> withoutSecret(Map<String, String> configuration) {
        if (configuration == null || !configuration.containsKey(SECRET)) {
            return configuration;
        }
        Map<String, String> shown = new LinkedHashMap<>(configuration);
        shown.remove(SECRET);
        return shown;
    }
}
