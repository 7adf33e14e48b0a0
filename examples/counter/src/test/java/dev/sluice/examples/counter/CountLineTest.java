package dev.sluice.examples.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The output line and file name format that integration tests read. */
class CountLineTest {

    @Test
    void rendersCountVersionAndKey() {
        assertEquals("count=42 version=v2 key=3", new CountLine(42, "v2", 3).render());
    }

    @Test
    void fileIsNamedAfterTheKey() {
        assertEquals("key-0", CountLine.fileName(0));
        assertEquals("key-11", CountLine.fileName(11));
    }
}
