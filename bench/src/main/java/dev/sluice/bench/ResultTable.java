package dev.sluice.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The result table (Markdown, so it pastes into the README) and the notes printed under it. */
final class ResultTable {

    /** One line of the table; empty strings where a column does not apply. */
    record Row(
            String number,
            String figure,
            String sluice,
            String rawFlink,
            String ratio,
            String target,
            String verdict) {}

    private static final String[] HEADER = {
        "#", "figure (median of reps)", "Sluice", "raw Flink", "ratio", "target", "met"
    };

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    void note(String note) {
        notes.add(note);
    }

    static String verdict(boolean met) {
        return met ? "yes" : "NO";
    }

    void print(PrintStream out) {
        int[] widths = new int[HEADER.length];
        for (int i = 0; i < HEADER.length; i++) {
            widths[i] = HEADER[i].length();
        }
        for (Row row : rows) {
            String[] cells = cells(row);
            for (int i = 0; i < cells.length; i++) {
                widths[i] = Math.max(widths[i], cells[i].length());
            }
        }
        printLine(out, HEADER, widths);
        StringBuilder rule = new StringBuilder("|");
        for (int width : widths) {
            rule.append('-').append("-".repeat(width)).append("-|");
        }
        out.println(rule);
        for (Row row : rows) {
            printLine(out, cells(row), widths);
        }
        out.println();
        for (String note : notes) {
            out.println("- " + note);
        }
        out.flush();
    }

    private static String[] cells(Row row) {
        return new String[] {
            row.number(),
            row.figure(),
            row.sluice(),
            row.rawFlink(),
            row.ratio(),
            row.target(),
            row.verdict()
        };
    }

    private static void printLine(PrintStream out, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder("|");
        for (int i = 0; i < cells.length; i++) {
            line.append(' ').append(cells[i]).append(" ".repeat(widths[i] - cells[i].length()));
            line.append(" |");
        }
        out.println(line);
    }
}
