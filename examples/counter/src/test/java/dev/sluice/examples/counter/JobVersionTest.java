package dev.sluice.examples.counter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Reading the v1/v2 marker that packaging puts into each jar. */
class JobVersionTest {

    @Test
    void readsTheVersionEntry() throws IOException {
        byte[] file = "# comment\nversion = v2\n".getBytes(UTF_8);

        assertEquals("v2", JobVersion.parse(new ByteArrayInputStream(file)));
    }

    @Test
    void missingResourceIsAClearError() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> JobVersion.parse(null));

        assertEquals(
                "sluice-example-version.properties is not on the classpath;"
                        + " run counter-flink*-v1.jar or -v2.jar",
                e.getMessage());
    }

    @Test
    void emptyVersionIsRejected() {
        byte[] file = "other=x\n".getBytes(UTF_8);

        assertThrows(
                IllegalStateException.class,
                () -> JobVersion.parse(new ByteArrayInputStream(file)));
    }
}
