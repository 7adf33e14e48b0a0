package dev.sluice.client;

import dev.sluice.api.ErrorResponse;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a refusal into a {@link SluiceApiException}: the ARM {@code ErrorResponse} that every
 * Sluice error is, an OAuth error of a token URL, or, from anything in between (a proxy), the
 * status alone.
 */
final class ErrorBodies {

    private static final Pattern BEARER_DESCRIPTION =
            Pattern.compile("error_description=\"([^\"]*)\"");
    private static final int MAX_RAW_MESSAGE = 300;

    private ErrorBodies() {}

    static SluiceApiException toException(int status, HttpHeaders headers, String body) {
        JsonNode json = parse(body);
        if (json != null && json.path("error").isObject()) {
            ErrorResponse error = Transport.JSON.treeToValue(json, ErrorResponse.class);
            ErrorResponse.ErrorDetail detail = error.error();
            if (detail.code() != null) {
                return new SluiceApiException(
                        status,
                        detail.code(),
                        detail.message() == null ? "" : detail.message(),
                        detail.target(),
                        detail.details());
            }
        }
        if (json != null && json.path("error").isString()) {
            return new SluiceApiException(
                    status,
                    json.path("error").asString(),
                    json.path("error_description").asString(""),
                    null,
                    List.of());
        }
        return new SluiceApiException(
                status, fallbackCode(status), fallbackMessage(status, headers, body), null, null);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Transport.JSON.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String fallbackCode(int status) {
        return switch (status) {
            case 401 -> "AuthenticationFailed";
            case 403 -> "AuthorizationFailed";
            case 404 -> "NotFound";
            default -> "Http" + status;
        };
    }

    private static String fallbackMessage(int status, HttpHeaders headers, String body) {
        String challenge = headers.firstValue("WWW-Authenticate").orElse("");
        Matcher description = BEARER_DESCRIPTION.matcher(challenge);
        if (description.find()) {
            return description.group(1);
        }
        if (body != null && !body.isBlank()) {
            String text = body.strip();
            return text.length() > MAX_RAW_MESSAGE
                    ? text.substring(0, MAX_RAW_MESSAGE) + "..."
                    : text;
        }
        return status == 401
                ? "The server wants a valid access token; run login first"
                : "The server answered HTTP " + status + " without a body";
    }
}
