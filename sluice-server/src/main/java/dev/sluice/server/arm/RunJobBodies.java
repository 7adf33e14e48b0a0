package dev.sluice.server.arm;

import dev.sluice.api.FlinkJobProperties;
import dev.sluice.server.common.ApiException;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads runJob bodies. The seed documents' NEW example lacks the comma after its "args" line; the
 * pipelines copied from it must keep working, so exactly that slip (a member ending a line and the
 * next member starting the next one, with no comma) is repaired when strict parsing fails.
 */
final class RunJobBodies {

    /** The body of runJob: an ARM resource whose properties are the FlinkJob properties. */
    record RunJobRequest(FlinkJobProperties properties) {}

    private static final Pattern MISSING_COMMA =
            Pattern.compile("(\"|\\d|true|false|null|}|])[ \\t]*(\\r?\\n\\s*\")");

    private final JsonMapper json;

    RunJobBodies(JsonMapper json) {
        this.json = json.rebuild().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    FlinkJobProperties read(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest(
                    "InvalidRequestContent",
                    "The request body is empty; send a ClusterJob",
                    "properties");
        }
        RunJobRequest request;
        try {
            request = json.readValue(body, RunJobRequest.class);
        } catch (JacksonException strict) {
            String repaired = MISSING_COMMA.matcher(body).replaceAll("$1,$2");
            if (repaired.equals(body)) {
                throw strict;
            }
            try {
                request = json.readValue(repaired, RunJobRequest.class);
            } catch (JacksonException e) {
                throw strict;
            }
        }
        return request == null ? null : request.properties();
    }
}
