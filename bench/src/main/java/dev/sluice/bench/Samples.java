package dev.sluice.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Repeated measurements of one figure; the table shows their median. */
final class Samples {

    private final List<Double> values = new ArrayList<>();

    void add(double value) {
        values.add(value);
    }

    int size() {
        return values.size();
    }

    double median() {
        return percentile(50);
    }

    double max() {
        return sorted().get(values.size() - 1);
    }

    double min() {
        return sorted().get(0);
    }

    /** Nearest-rank percentile, so p99 of 100 values is the 99th smallest. */
    double percentile(double p) {
        if (values.isEmpty()) {
            throw new IllegalStateException("no samples");
        }
        List<Double> sorted = sorted();
        if (p == 50 && sorted.size() % 2 == 0) {
            int mid = sorted.size() / 2;
            return (sorted.get(mid - 1) + sorted.get(mid)) / 2;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** All samples in measurement order, for the run log. */
    String list(String format) {
        StringBuilder text = new StringBuilder();
        for (double value : values) {
            text.append(text.isEmpty() ? "" : " ")
                    .append(String.format(Locale.ROOT, format, value));
        }
        return text.toString();
    }

    private List<Double> sorted() {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted;
    }
}
