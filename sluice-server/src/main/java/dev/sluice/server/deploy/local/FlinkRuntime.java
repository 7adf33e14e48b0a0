package dev.sluice.server.deploy.local;

import java.nio.file.Path;

/**
 * One bundled Flink distribution: a {@code lib/} of jars and a {@code conf/} of templates.
 *
 * @param version full Flink version, for example {@code 1.20.3}
 * @param home directory holding {@code lib/}, {@code conf/} and {@code VERSION}
 */
public record FlinkRuntime(String version, Path home) {

    Path lib() {
        return home.resolve("lib");
    }

    /** The classpath as the JVM expands it: every jar of {@code lib/}. */
    String classpath() {
        return lib().toAbsolutePath() + "/*";
    }

    /**
     * Flink's plugins, each in its own folder (the Azure filesystem in {@code azure-fs-hadoop/}).
     */
    Path plugins() {
        return home.resolve("plugins");
    }

    Path log4jTemplate() {
        return home.resolve("conf").resolve("log4j.properties");
    }
}
