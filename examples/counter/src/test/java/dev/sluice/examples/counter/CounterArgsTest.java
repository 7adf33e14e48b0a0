package dev.sluice.examples.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Argument parsing: defaults, the required --output and rejected input. */
class CounterArgsTest {

    @Test
    void onlyOutputGivenUsesDefaults() {
        CounterArgs args = CounterArgs.parse("--output", "/tmp/out");

        assertEquals("/tmp/out", args.output());
        assertEquals(20.0, args.rate());
        assertEquals(4, args.keys());
        assertNull(args.failMarker());
    }

    @Test
    void allArgumentsAreRead() {
        CounterArgs args =
                CounterArgs.parse(
                        "--keys",
                        "7",
                        "--rate",
                        "2.5",
                        "--fail-marker",
                        "/tmp/fail",
                        "--output",
                        "/tmp/out");

        assertEquals(new CounterArgs("/tmp/out", 2.5, 7, "/tmp/fail"), args);
    }

    @Test
    void missingOutputIsAClearError() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> CounterArgs.parse("--keys", "2"));

        assertTrue(e.getMessage().startsWith("missing required argument --output <dir>"));
        assertTrue(e.getMessage().contains("usage: CounterJob --output <dir>"));
    }

    @Test
    void noArgumentsAtAllIsTheSameError() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, CounterArgs::parse);

        assertTrue(e.getMessage().startsWith("missing required argument --output <dir>"));
    }

    @Test
    void flagWithoutValueIsRejected() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> CounterArgs.parse("--output", "/tmp/out", "--rate"));

        assertTrue(e.getMessage().startsWith("missing value for --rate"));
    }

    @Test
    void unknownArgumentIsRejected() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> CounterArgs.parse("--output", "/tmp/out", "--speed", "3"));

        assertTrue(e.getMessage().startsWith("unknown argument --speed"));
    }

    @Test
    void nonPositiveOrMalformedNumbersAreRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> CounterArgs.parse("--output", "o", "--rate", "0"));
        assertThrows(
                IllegalArgumentException.class,
                () -> CounterArgs.parse("--output", "o", "--rate", "fast"));
        assertThrows(
                IllegalArgumentException.class,
                () -> CounterArgs.parse("--output", "o", "--keys", "0"));
        assertThrows(
                IllegalArgumentException.class,
                () -> CounterArgs.parse("--output", "o", "--keys", "1.5"));
    }
}
