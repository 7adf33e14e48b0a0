package dev.sluice.examples.counter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Tells which build of the job this jar is (v1 or v2), from the file packaging adds to it. */
final class JobVersion {

    static final String RESOURCE = "sluice-example-version.properties";

    private JobVersion() {}

    static String load() {
        try (InputStream in = CounterJob.class.getResourceAsStream("/" + RESOURCE)) {
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static String parse(InputStream in) throws IOException {
        if (in == null) {
            // Only the -v1/-v2 jars carry the file; the plain module jar is not meant to run.
            throw new IllegalStateException(
                    RESOURCE + " is not on the classpath; run counter-flink*-v1.jar or -v2.jar");
        }
        Properties properties = new Properties();
        properties.load(in);
        String version = properties.getProperty("version", "").trim();
        if (version.isEmpty()) {
            throw new IllegalStateException(RESOURCE + " has no 'version' entry");
        }
        return version;
    }
}
