package dev.sluice.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** How record values become column values and back: JSON text, enum names, UTC timestamps. */
public final class Columns {

    // Our own mapper: the stored format must not change when someone tunes the web API's mapper.
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

    /** Past this many distinct texts the memo of {@link #map} starts over. */
    private static final int MAX_PARSED = 4_096;

    private static final Map<String, Map<String, String>> PARSED = new ConcurrentHashMap<>();

    /** The LIKE escape character: one both databases accept without string-literal quirks. */
    public static final char LIKE_ESCAPE = '!';

    private Columns() {}

    /**
     * The current time as the columns keep it. Both databases store microseconds; cutting here
     * makes the instant a store returns equal to the one it reads back later.
     */
    public static Instant now() {
        return stored(Instant.now());
    }

    /** The instant as the columns keep it (microseconds), null stays null. */
    public static Instant stored(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    public static String json(Map<String, String> map) {
        // Sorted, so equal maps are equal text (diffable rows, stable tests).
        return JSON.writeValueAsString(new TreeMap<>(map));
    }

    /**
     * The JSON object in {@code column} as an immutable map. Rows are read far more often than they
     * change (a page of the jobs list reads 100 of them), so parsed maps are kept by their text: an
     * unchanged row costs a hash lookup instead of a parse, and equal rows share one map instance,
     * which makes comparing them cheap.
     */
    public static Map<String, String> map(ResultSet rs, String column) throws SQLException {
        String text = rs.getString(column);
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        Map<String, String> known = PARSED.get(text);
        if (known != null) {
            return known;
        }
        Map<String, String> parsed = JSON.readValue(text, STRING_MAP);
        if (parsed.containsKey(null) || parsed.containsValue(null)) {
            return parsed; // Map.copyOf refuses nulls; such a map is rare and not worth keeping
        }
        Map<String, String> kept = Map.copyOf(parsed);
        if (PARSED.size() >= MAX_PARSED) {
            PARSED.clear(); // start over rather than track use: old texts belong to old rows
        }
        PARSED.put(text, kept);
        return kept;
    }

    public static OffsetDateTime timestamp(Instant instant) {
        // OffsetDateTime is the type both JDBC drivers bind to TIMESTAMP WITH TIME ZONE.
        return instant == null ? null : OffsetDateTime.ofInstant(stored(instant), ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    public static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    public static <E extends Enum<E>> E enumValue(Class<E> type, ResultSet rs, String column)
            throws SQLException {
        String name = rs.getString(column);
        return name == null ? null : Enum.valueOf(type, name);
    }

    /**
     * A LIKE pattern (for {@code ESCAPE '!'}) matching strings that start with {@code prefix} taken
     * literally: ARM names may contain '_', a LIKE wildcard.
     */
    public static String likePrefix(String prefix) {
        StringBuilder pattern = new StringBuilder(prefix.length() + 8);
        for (char c : prefix.toCharArray()) {
            if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
                pattern.append(LIKE_ESCAPE);
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }
}
