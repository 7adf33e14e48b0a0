package dev.sluice.server.flink;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The multipart/form-data body Flink's POST /jars/upload expects: one part named "jarfile" whose
 * filename ends in ".jar" (Flink refuses other names with "Only Jar files are allowed").
 */
final class MultipartJarBody {

    static final String PART_NAME = "jarfile";
    static final String JAR_CONTENT_TYPE = "application/x-java-archive";

    private final String boundary = "sluice-" + UUID.randomUUID();
    private final Path jar;
    private final String filename;

    MultipartJarBody(Path jar) {
        // A local file the caller made available (storage's local copy of the job's jar).
        if (!jar.toFile().isFile()) {
            throw new IllegalArgumentException("not a jar file: " + jar);
        }
        this.jar = jar;
        this.filename = safeFilename(jar.getFileName().toString());
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    String filename() {
        return filename;
    }

    /** Streams the jar from disk rather than loading it: job jars are often 100+ MB. */
    HttpRequest.BodyPublisher publisher() {
        String head =
                "--"
                        + boundary
                        + "\r\n"
                        + "Content-Disposition: form-data; name=\""
                        + PART_NAME
                        + "\"; filename=\""
                        + filename
                        + "\"\r\n"
                        + "Content-Type: "
                        + JAR_CONTENT_TYPE
                        + "\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        try {
            return HttpRequest.BodyPublishers.concat(
                    HttpRequest.BodyPublishers.ofByteArray(head.getBytes(StandardCharsets.UTF_8)),
                    HttpRequest.BodyPublishers.ofFile(jar),
                    HttpRequest.BodyPublishers.ofByteArray(tail.getBytes(StandardCharsets.UTF_8)));
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("cannot read jar " + jar, e);
        }
    }

    /**
     * Flink keeps the name as part of the jar id, which then travels in URL paths and in a quoted
     * header parameter; restricting it to a plain alphabet avoids escaping bugs on both.
     */
    static String safeFilename(String original) {
        String cleaned = original.replaceAll("[^A-Za-z0-9._-]", "_");
        if (cleaned.isEmpty() || cleaned.startsWith(".")) {
            cleaned = "job" + cleaned;
        }
        return cleaned.endsWith(".jar") ? cleaned : cleaned + ".jar";
    }
}
