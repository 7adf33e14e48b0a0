package dev.sluice.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --wait} and {@code --timeout}, shared by every command that starts an operation. */
final class WaitOptions {

    @Option(
            names = {"-w", "--wait"},
            description = "Follow the operation with a progress line until it ends")
    boolean wait;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "15m",
            converter = DurationConverter.class,
            description =
                    "How long --wait waits, e.g. 90s, 10m, 1h (default: ${DEFAULT-VALUE}); the"
                            + " operation goes on after it")
    Duration timeout;

    /** Reads {@code 90}, {@code 90s}, {@code 10m}, {@code 1h}. */
    static final class DurationConverter implements ITypeConverter<Duration> {

        private static final Pattern VALUE = Pattern.compile("(\\d{1,9})\\s*([smh]?)");

        @Override
        public Duration convert(String value) {
            Matcher m = VALUE.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new TypeConversionException(
                        "'" + value + "' is not a duration such as 90s, 10m or 1h");
            }
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
    }
}
