package dev.sluice.examples.counter;

/**
 * Command-line arguments of {@link CounterJob}; {@code failMarker} is null when not given.
 *
 * <p>Parsed by hand because ParameterTool moved packages between Flink 1.x and 2.x.
 */
record CounterArgs(String output, double rate, int keys, String failMarker) {

    static final double DEFAULT_RATE = 20;
    static final int DEFAULT_KEYS = 4;
    static final String USAGE =
            "usage: CounterJob --output <dir> [--rate <records per second>] [--keys <n>]"
                    + " [--fail-marker <path>]";

    static CounterArgs parse(String... args) {
        String output = null;
        double rate = DEFAULT_RATE;
        int keys = DEFAULT_KEYS;
        String failMarker = null;
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw invalid("missing value for " + name);
            }
            String value = args[i + 1];
            switch (name) {
                case "--output" -> output = value;
                case "--rate" -> rate = positiveRate(value);
                case "--keys" -> keys = positiveKeys(value);
                case "--fail-marker" -> failMarker = value;
                default -> throw invalid("unknown argument " + name);
            }
        }
        if (output == null || output.isBlank()) {
            throw invalid("missing required argument --output <dir>");
        }
        return new CounterArgs(output, rate, keys, failMarker);
    }

    private static double positiveRate(String value) {
        try {
            double rate = Double.parseDouble(value);
            if (rate > 0 && Double.isFinite(rate)) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // Reported below together with the out-of-range case.
        }
        throw invalid("--rate must be a positive number, got '" + value + "'");
    }

    private static int positiveKeys(String value) {
        try {
            int keys = Integer.parseInt(value);
            if (keys > 0) {
                return keys;
            }
        } catch (NumberFormatException e) {
            // Reported below together with the out-of-range case.
        }
        throw invalid("--keys must be a positive integer, got '" + value + "'");
    }

    private static IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException(problem + "\n" + USAGE);
    }
}
