package dev.sluice.server.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests that no server should accept, nor fail on, drawn from a seeded {@link Random} so a
 * failing run repeats with its seed: hostile path segments, query parameters, headers, bodies and
 * methods on a route. A request that could change state (any method but GET, HEAD, OPTIONS, TRACE)
 * is invalid by construction: its path names no existing resource, or its body is not an acceptable
 * document. So any change to the stored state is a finding, as any 5xx is.
 */
final class BadRequests {

    /** A route as Spring maps it: a path pattern and its methods (empty: any). */
    record Route(String pattern, Set<String> methods) {}

    /** One request; {@code target} and header values are sent as they are (UTF-8). */
    record Request(
            String method, String target, Map<String, String> headers, byte[] body, String route) {

        /** Enough to repeat it by hand: method, target, headers, the body's start and size. */
        String describe() {
            String shown =
                    body == null
                            ? "no body"
                            : body.length
                                    + " bytes: "
                                    + printable(
                                            new String(
                                                    body,
                                                    0,
                                                    Math.min(body.length, 120),
                                                    StandardCharsets.UTF_8));
            return method + " " + printable(abbreviate(target)) + " " + headerNames() + " " + shown;
        }

        private String headerNames() {
            Map<String, String> shown = new LinkedHashMap<>();
            headers.forEach(
                    (name, value) ->
                            shown.put(
                                    name,
                                    name.equals("Authorization") || name.equals("Cookie")
                                            ? value.substring(0, Math.min(value.length(), 12)) + "…"
                                            : printable(abbreviate(value))));
            return shown.toString();
        }
    }

    /** The names of what exists on the server, by path variable, and how to be someone. */
    record Known(
            Map<String, String> existing, String bearerToken, String sessionCookie, String csrf) {}

    static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final List<String> METHODS =
            List.of("GET", "HEAD", "PUT", "POST", "PATCH", "DELETE", "OPTIONS", "TRACE");
    private static final List<String> ODD_METHODS =
            List.of("BREW", "get", "PROPFIND", "CONNECT", "X".repeat(300), "MKCOL");
    private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}:]+)(:[^}]*)?}");

    private static final List<String> BAD_SEGMENTS =
            List.of(
                    "..",
                    "%2e%2e",
                    "..%2f..%2fetc",
                    "a%2Fb",
                    "a%5Cb",
                    "%00",
                    "a%00b",
                    "%ff",
                    "%c3%28",
                    "%zz",
                    "%",
                    "a;b",
                    "a;jsessionid=1",
                    "~",
                    "a%20b",
                    "%e2%80%ae",
                    "%F0%9F%92%A9",
                    "-",
                    "_",
                    "CON",
                    "a*b",
                    "%3F",
                    "%23",
                    "null",
                    "%7B%7D",
                    "%27%3B%20DROP%20TABLE%20jobs%3B--",
                    "%3Cscript%3E",
                    "%24(id)",
                    "%2e",
                    "a\u0001b",
                    "a b",
                    "ä");

    private static final List<String> BAD_QUERIES =
            List.of(
                    "api-version=",
                    "api-version=2099-01-01",
                    "api-version=%ff",
                    "api-version=a&api-version=b",
                    "$filter=properties%2FjobName%20eq%20'x'",
                    "$filter=%27%3B%20DROP%20TABLE%20jobs%3B--",
                    "$filter=" + "(".repeat(2000),
                    "$filter=x%20eq%201%20or%201%20eq%201",
                    "$top=-1",
                    "$top=0",
                    "$top=100001",
                    "$top=99999999999999",
                    "$top=abc",
                    "$top=1e3",
                    "$top=%ff",
                    "$skipToken=%00%ff%27",
                    "$skipToken=-1",
                    "$skipToken=99999999999999999999",
                    "$skipToken=%2F%2F%2F",
                    "tail=-5",
                    "tail=999999999",
                    "tail=x",
                    "directory=..%2F..",
                    "directory=%2Fetc",
                    "directory=abfs%3A%2F%2Fx%40y%2F..",
                    "directory=%00",
                    "from=not-a-date",
                    "to=9999-99-99",
                    "principalId=%00",
                    "mode=%ff",
                    "mode=Application%00",
                    "%ff=1",
                    "a=%",
                    "=&&&=",
                    "a[0]=1",
                    "x=" + "y".repeat(6000),
                    "error",
                    "logout",
                    "continue");

    private final Random random;
    private final Known known;

    BadRequests(long seed, Known known) {
        this.random = new Random(seed);
        this.known = known;
    }

    Request next(Route route) {
        String method = method(route);
        boolean mutating = !SAFE.contains(method);
        boolean browser = isBrowserPath(route.pattern());
        String target = path(route.pattern(), mutating) + query(route.pattern());
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] body = null;
        if (mutating || random.nextInt(5) == 0) {
            body =
                    browser && random.nextBoolean()
                            ? form().getBytes(StandardCharsets.UTF_8)
                            : BadBodies.any(random);
            headers.put("Content-Type", contentType(browser));
        }
        // Signing in or out with the test's own session would end it for the requests after.
        boolean ownSession =
                !route.pattern().startsWith("/login") && !route.pattern().startsWith("/logout");
        credentials(headers, browser, mutating, ownSession);
        extraHeaders(headers);
        return new Request(method, target, headers, body, route.pattern());
    }

    private String method(Route route) {
        int dice = random.nextInt(10);
        if (dice == 0) {
            return pick(ODD_METHODS);
        }
        if (dice < 3 || route.methods().isEmpty()) {
            return pick(METHODS);
        }
        return pick(new ArrayList<>(route.methods()));
    }

    /**
     * The pattern's variables filled with existing names (safe methods only), new names or hostile
     * ones; sometimes the path's shape is broken too.
     */
    private String path(String pattern, boolean mutating) {
        Matcher variables = VARIABLE.matcher(pattern.replace("/**", "/{*rest}"));
        StringBuilder path = new StringBuilder();
        while (variables.find()) {
            String name = variables.group(1);
            String existing = known.existing().get(name);
            String value;
            if (!mutating && existing != null && random.nextInt(10) < 6) {
                value = existing;
            } else if (random.nextBoolean()) {
                value = "zzfuzz" + random.nextInt(1000);
            } else {
                value = badSegment();
            }
            variables.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        variables.appendTail(path);
        String result = path.toString();
        switch (random.nextInt(12)) {
            case 0 -> result += "/..";
            case 1 -> result += "/";
            case 2 -> result = result.replaceFirst("/", "//");
            case 3 -> result += "/%2e%2e/%2e%2e";
            case 4 -> result += "/" + badSegment();
            case 5 -> result = result.toUpperCase();
            default -> {}
        }
        return result;
    }

    private String badSegment() {
        return switch (random.nextInt(8)) {
            case 0 -> "n".repeat(300);
            case 1 -> "n".repeat(20_000);
            default -> pick(BAD_SEGMENTS);
        };
    }

    private String query(String pattern) {
        List<String> parameters = new ArrayList<>();
        if (pattern.startsWith("/subscriptions") && random.nextInt(10) < 7) {
            parameters.add("api-version=2024-05-01-preview");
        }
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            parameters.add(pick(BAD_QUERIES));
        }
        if (random.nextInt(40) == 0) {
            for (int i = 0; i < 3000; i++) {
                parameters.add("p" + i + "=" + i);
            }
        }
        return parameters.isEmpty() ? "" : "?" + String.join("&", parameters);
    }

    private String form() {
        List<String> fields = new ArrayList<>();
        List<String> values =
                List.of("..", "a%2Fb", "a%00b", "%ff", "n".repeat(300), "a%20b", "%3Cx%3E", "%");
        List<String> names =
                List.of(
                        "name",
                        "subscription",
                        "resourceGroup",
                        "location",
                        "mode",
                        "jobName",
                        "jarName",
                        "entryClass",
                        "args",
                        "savePointName",
                        "flinkConfiguration",
                        "confirm",
                        "client_id",
                        "client_secret",
                        "grant_type",
                        "%ff",
                        "");
        int count = 1 + random.nextInt(5);
        for (int i = 0; i < count; i++) {
            fields.add(pick(names) + "=" + pick(values));
        }
        if (known.csrf() != null && random.nextBoolean()) {
            fields.add("_csrf=" + known.csrf());
        }
        return String.join("&", fields);
    }

    private String contentType(boolean browser) {
        if (random.nextBoolean()) {
            return browser ? "application/x-www-form-urlencoded" : "application/json";
        }
        return pick(
                List.of(
                        "text/plain",
                        "application/xml",
                        "multipart/form-data",
                        "multipart/form-data; boundary=x",
                        "application/json; charset=latin-1",
                        "application/json; charset=nope",
                        "application/octet-stream",
                        "a/b/c",
                        "*/*",
                        "application/x-www-form-urlencoded; charset=utf-16"));
    }

    private void credentials(
            Map<String, String> headers, boolean browser, boolean mutating, boolean ownSession) {
        int dice = random.nextInt(10);
        if (browser) {
            if (dice < 6 && ownSession) {
                headers.put("Cookie", "JSESSIONID=" + known.sessionCookie());
                if (mutating && known.csrf() != null && random.nextBoolean()) {
                    headers.put("X-CSRF-TOKEN", known.csrf());
                }
            } else if (dice < 8) {
                headers.put("Cookie", "JSESSIONID=" + pick(BAD_SEGMENTS));
            }
            return;
        }
        if (dice < 6) {
            headers.put("Authorization", "Bearer " + known.bearerToken());
        } else if (dice < 8) {
            headers.put(
                    "Authorization",
                    pick(
                            List.of(
                                    "Bearer",
                                    "Bearer ",
                                    "Bearer x.y.z",
                                    "Bearer " + "a".repeat(9000),
                                    "Basic YTpi",
                                    "Bearer " + known.bearerToken() + "x",
                                    "bearer\u0001x",
                                    "Bearer ey%ff")));
        }
    }

    private void extraHeaders(Map<String, String> headers) {
        if (random.nextInt(4) != 0) {
            return;
        }
        switch (random.nextInt(7)) {
            case 0 -> headers.put("Accept", pick(List.of("text/html", "*/*;q=x", "a/b/c", "")));
            case 1 -> headers.put("X-Forwarded-For", "\u00ff\u00fe");
            case 2 -> headers.put("X-Long", "h".repeat(10_000));
            case 3 -> headers.put("X-Control", "a\u0007b");
            case 4 -> headers.put("Accept-Language", "%ff;q=2");
            case 5 -> headers.put("If-None-Match", "\"" + "x".repeat(200));
            default -> headers.put("Origin", "http://evil.example");
        }
    }

    static boolean isBrowserPath(String pattern) {
        return pattern.equals("/")
                || pattern.startsWith("/portal")
                || pattern.startsWith("/login")
                || pattern.startsWith("/logout");
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…(" + text.length() + ")";
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints()
                .forEach(
                        c -> {
                            if (c < 0x20 || c == 0x7f) {
                                out.append(String.format("\\x%02x", c));
                            } else {
                                out.appendCodePoint(c);
                            }
                        });
        return out.toString();
    }
}
