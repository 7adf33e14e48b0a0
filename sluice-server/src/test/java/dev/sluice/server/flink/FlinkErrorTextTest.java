package dev.sluice.server.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlinkErrorTextTest {

    @Test
    void keepsHeadlineAndDeepestCauseWithoutFrames() {
        String trace =
                "org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute"
                        + " application.\n"
                        + "\tat org.apache.flink.runtime.webmonitor.handlers.JarRunHandler.x(JarRunHandler.java:114)\n"
                        + "Caused by: org.apache.flink.util.FlinkException: Failed to execute job 'demo-job'.\n"
                        + "\t... 7 more\n"
                        + "Caused by: java.io.FileNotFoundException: Cannot find checkpoint or savepoint"
                        + " file/directory 'file:///sp' on file system 'file'.\n"
                        + "\tat org.apache.flink.runtime.checkpoint.Checkpoints.load(Checkpoints.java:1)\n";

        assertThat(FlinkErrorText.summarize(trace))
                .isEqualTo(
                        "Could not execute application.; caused by: java.io.FileNotFoundException:"
                                + " Cannot find checkpoint or savepoint file/directory 'file:///sp'"
                                + " on file system 'file'.");
        assertThat(FlinkErrorText.firstLine(trace))
                .startsWith("org.apache.flink.runtime.rest.handler.RestHandlerException");
        assertThat(FlinkErrorText.deepestCause(trace))
                .startsWith("java.io.FileNotFoundException: Cannot find");
    }

    @Test
    void dropsTheNoiseAroundInternalServerErrors() {
        String text =
                String.join(
                        "\n",
                        List.of(
                                "Internal server error.",
                                "<Exception on server side:\n"
                                        + "java.util.concurrent.CompletionException:"
                                        + " org.apache.flink.runtime.rest.handler.RestHandlerException:"
                                        + " Jar file /up/nope.jar does not exist\n"
                                        + "\tat a.B.c(B.java:1)\n"
                                        + "Caused by:"
                                        + " org.apache.flink.runtime.rest.handler.RestHandlerException:"
                                        + " Jar file /up/nope.jar does not exist\n"
                                        + "\t... 51 more\n\n"
                                        + "End of exception on server side>"));

        assertThat(FlinkErrorText.summarize(text))
                .isEqualTo("Jar file /up/nope.jar does not exist");
    }

    @Test
    void aSingleLineIsItsOwnSummary() {
        assertThat(FlinkErrorText.summarize("Unable to load requested file /nothing/here."))
                .isEqualTo("Unable to load requested file /nothing/here.");
        assertThat(FlinkErrorText.summarize("Internal server error."))
                .isEqualTo("Internal server error.");
        assertThat(FlinkErrorText.summarize("  ")).isEqualTo("(no message)");
    }

    @Test
    void capsGiantMessages() {
        assertThat(FlinkErrorText.summarize("x".repeat(5000))).hasSizeLessThanOrEqualTo(1001);
    }
}
