package dev.sluice.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prints results on standard output: as aligned tables and {@code name value} lines for people, or
 * as the API's JSON for scripts ({@code --output json}).
 */
final class Printer {

    /** The two output formats. */
    enum Format {
        table,
        json
    }

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final PrintWriter out;
    private final Format format;

    Printer(PrintWriter out, Format format) {
        this.out = out;
        this.format = format;
    }

    boolean json() {
        return format == Format.json;
    }

    /** A whole resource: its JSON, or the chosen fields as lines. */
    void resource(Object value, Map<String, Object> fields) {
        if (json()) {
            out.println(JSON.writeValueAsString(value));
            return;
        }
        fields(fields);
    }

    /** A list: its JSON, or a table with a header row. */
    void list(Object value, List<String> header, List<List<Object>> rows) {
        if (json()) {
            out.println(JSON.writeValueAsString(value));
            return;
        }
        table(header, rows);
    }

    /** {@code name value} lines, skipping empty values. */
    void fields(Map<String, Object> fields) {
        Map<String, String> shown = new LinkedHashMap<>();
        fields.forEach(
                (name, value) -> {
                    String text = text(value);
                    if (!text.isEmpty()) {
                        shown.put(name, text);
                    }
                });
        int width = shown.keySet().stream().mapToInt(String::length).max().orElse(0);
        shown.forEach(
                (name, value) -> {
                    String indent = " ".repeat(width + 2);
                    out.println(pad(name, width) + "  " + value.replace("\n", "\n" + indent));
                });
    }

    void table(List<String> header, List<List<Object>> rows) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(header);
        for (List<Object> row : rows) {
            cells.add(row.stream().map(Printer::text).map(t -> t.replace('\n', ' ')).toList());
        }
        int[] widths = new int[header.size()];
        for (List<String> row : cells) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), widths[i]) + "  ");
            }
            out.println(line.toString().stripTrailing());
        }
        if (rows.isEmpty()) {
            out.println("(none)");
        }
    }

    void line(String text) {
        out.println(text);
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
