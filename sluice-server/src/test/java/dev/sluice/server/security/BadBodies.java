package dev.sluice.server.security;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Request bodies no route accepts: not JSON, JSON that is not an object, or an object whose every
 * field any route reads (location, properties, displayName, principalId, role, scope) has the wrong
 * type, with deep nesting, huge strings and many keys around it. Never empty nor {@code null}: some
 * routes take those as "no body" and create a resource with defaults.
 */
final class BadBodies {

    /** Every field a route reads, each with a type no route accepts. */
    private static final String POISON =
            "\"location\":5,\"properties\":\"x\",\"displayName\":[],\"principalId\":{},"
                    + "\"role\":7,\"scope\":false";

    private static final List<String> FIXED =
            List.of(
                    "{",
                    "}",
                    "[",
                    "]",
                    "true",
                    "1",
                    "-0.0e-999",
                    "\"text\"",
                    "[]",
                    "[{}]",
                    "[1,2,3]",
                    "{\"a\":}",
                    "{'a':1}",
                    "{\"a\":1,}",
                    "/* c */{}",
                    "NaN",
                    "{\"location\":\"a\"," + POISON + "}",
                    "{" + POISON + ",\"properties\":[]}",
                    "{" + POISON + ",\"properties\":1}",
                    "{\"properties\":null," + POISON + "}",
                    "{\"properties\":{\"action\":5,\"jobName\":[]}," + POISON + "}",
                    "{" + POISON + ",\"n\":1e999999}",
                    "{" + POISON + ",\"n\":" + "9".repeat(20_000) + "}",
                    "\ufeff{" + POISON + "}",
                    "<xml/>",
                    "a=1&b=2");

    private BadBodies() {}

    static byte[] any(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> nested(random, "[", "]");
            case 1 -> nested(random, "{\"a\":", "}");
            case 2 -> manyKeys(random);
            case 3 -> utf8("{" + POISON + ",\"s\":\"" + "s".repeat(200_000) + "\"}");
            case 4 -> invalidUtf8();
            case 5 -> random.nextInt(8) == 0 ? huge() : utf8("{" + POISON + "}");
            case 6 -> randomBytes(random);
            default -> utf8(FIXED.get(random.nextInt(FIXED.size())));
        };
    }

    /** Nesting deeper than any parser should follow, inside an object of wrong types. */
    private static byte[] nested(Random random, String open, String close) {
        int depth = random.nextBoolean() ? 2_000 : 100_000;
        return utf8(
                "{" + POISON + ",\"deep\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}");
    }

    private static byte[] manyKeys(Random random) {
        StringBuilder keys = new StringBuilder("{" + POISON + ",\"flinkConfiguration\":{");
        int count = random.nextBoolean() ? 20_000 : 500;
        for (int i = 0; i < count; i++) {
            keys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        return utf8(keys.append("}}").toString());
    }

    /** A string with bytes that are not UTF-8, in an object of wrong types. */
    private static byte[] invalidUtf8() {
        byte[] start = utf8("{" + POISON + ",\"a\":\"");
        byte[] body = java.util.Arrays.copyOf(start, start.length + 4);
        body[start.length] = (byte) 0xff;
        body[start.length + 1] = (byte) 0xfe;
        body[start.length + 2] = '"';
        body[start.length + 3] = '}';
        return body;
    }

    /** 12 MB: over every body limit. */
    private static byte[] huge() {
        byte[] body = new byte[12 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        body[0] = '[';
        body[body.length - 1] = ']';
        return body;
    }

    private static byte[] randomBytes(Random random) {
        byte[] body = new byte[1 + random.nextInt(2048)];
        random.nextBytes(body);
        body[0] = (byte) 0xff; // never by chance a document a route accepts
        return body;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
