package dev.sluice.server.portal;

import dev.sluice.server.common.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the Flink configuration a user types into a text area: one {@code key: value} per line, as
 * in Flink's own config file ({@code key=value} works too); blank lines and {@code #} comments are
 * skipped.
 */
final class FlinkConfigurationText {

    private static final String PROFILE = "properties.clusterProfile.flinkProfile.";

    private FlinkConfigurationText() {}

    /**
     * @param field where in the Flink profile the text goes, e.g. {@code flinkConfiguration}; a
     *     refusal targets it
     */
    static Map<String, String> parse(String text, String field) {
        Map<String, String> configuration = new LinkedHashMap<>();
        if (text == null) {
            return configuration;
        }
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            int equals = line.indexOf('=');
            // The first separator wins: values such as file:///x or a=b=c keep theirs.
            int cut = colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
            String key = cut < 0 ? "" : line.substring(0, cut).strip();
            String value = cut < 0 ? "" : line.substring(cut + 1).strip();
            if (key.isEmpty() || value.isEmpty()) {
                throw ApiException.badRequest(
                        "InvalidRequestContent",
                        "Line "
                                + (i + 1)
                                + " of the Flink configuration, '"
                                + line
                                + "', is not 'key: value'",
                        PROFILE + field);
            }
            configuration.put(key, value);
        }
        return configuration;
    }
}
