package dev.sluice.client;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts job jars into a cluster's storage. Uploading under a name that exists replaces the jar: an
 * UPDATE then runs the new one.
 */
public final class Jars {

    private final Transport transport;

    Jars(Transport transport) {
        this.transport = transport;
    }

    /** Uploads a jar under its own file name into the storage's {@code jars} directory. */
    public UploadedJar upload(ClusterRef cluster, Path jar) {
        return upload(cluster, jar, jar.getFileName().toString(), null);
    }

    /**
     * Uploads a jar.
     *
     * @param fileName the name to store it under
     * @param directory the directory in the cluster's storage, or null for {@code jars}
     * @throws SluiceApiException e.g. 400 {@code PathOutsideStorage}, 413 {@code JarTooLarge}
     * @throws SluiceClientException when the file cannot be read
     */
    public UploadedJar upload(ClusterRef cluster, Path jar, String fileName, String directory) {
        if (!Files.isRegularFile(jar)) {
            throw new SluiceClientException(
                    "No such jar: " + jar, new FileNotFoundException(jar.toString()));
        }
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(jar);
        } catch (FileNotFoundException e) {
            throw new SluiceClientException("Cannot read " + jar, e);
        }
        return send(cluster, fileName, directory, body);
    }

    /** Uploads a jar's bytes under {@code fileName}; {@code directory} may be null. */
    public UploadedJar upload(ClusterRef cluster, byte[] jar, String fileName, String directory) {
        return send(cluster, fileName, directory, HttpRequest.BodyPublishers.ofByteArray(jar));
    }

    private UploadedJar send(
            ClusterRef cluster, String fileName, String directory, HttpRequest.BodyPublisher body) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("directory", directory);
        return transport.read(
                transport.send(
                        "PUT",
                        transport.uri(
                                cluster.path() + "/jars/" + Transport.segment(fileName), query),
                        body,
                        "application/java-archive"),
                UploadedJar.class);
    }
}
